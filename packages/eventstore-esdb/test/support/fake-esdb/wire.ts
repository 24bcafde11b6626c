import sharedPb from "@eventstore/db-client/generated/shared_pb.js";
import streamsPb from "@eventstore/db-client/generated/streams_pb.js";
import * as grpc from "@grpc/grpc-js";
import type { LogRecord, ProposedRecord } from "./log.js";

/** The generated message classes (the package is CommonJS: its exports are only reachable as a default). */
export const pb = streamsPb;
/** The generated shared message classes. */
export const shared = sharedPb;

/** A stream name from the wire (bytes, UTF-8). */
export const streamNameOf = (identifier: { getStreamName_asU8(): Uint8Array } | undefined): string =>
  Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString("utf8");

/** A stream identifier for the wire. */
export const identifierOf = (streamName: string) => {
  const identifier = new shared.StreamIdentifier();
  identifier.setStreamName(Uint8Array.from(Buffer.from(streamName, "utf8")));
  return identifier;
};

/** A UUID from the wire, string form or the structured form of two 64-bit halves. */
export const uuidOf = (uuid: InstanceType<typeof shared.UUID> | undefined): string | undefined => {
  if (uuid === undefined) return undefined;
  if (uuid.hasString()) return uuid.getString().toLowerCase();
  if (!uuid.hasStructured()) return undefined;
  const structured = uuid.getStructured();
  const hex =
    BigInt.asUintN(64, BigInt(structured?.getMostSignificantBits() ?? "0"))
      .toString(16)
      .padStart(16, "0") +
    BigInt.asUintN(64, BigInt(structured?.getLeastSignificantBits() ?? "0"))
      .toString(16)
      .padStart(16, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};

/** A proposed event from an Append or BatchAppend message, or what is wrong with it. */
export const proposedRecordOf = (message: {
  getId(): InstanceType<typeof shared.UUID> | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}): ProposedRecord | string => {
  const id = uuidOf(message.getId());
  const type = message.getMetadataMap().get("type");
  const contentType = message.getMetadataMap().get("content-type");
  if (id === undefined) return "an event without an id";
  if (type === undefined || contentType === undefined) return "type and content-type are required metadata";
  return { id, type, contentType, data: message.getData_asU8(), metadata: message.getCustomMetadata_asU8() };
};

/** A recorded event as ESDB sends it in a read: positions included (as servers from 22.6 do). */
export const toReadResp = (record: LogRecord) => {
  const event = new pb.ReadResp.ReadEvent.RecordedEvent();
  const id = new shared.UUID();
  id.setString(record.id);
  event.setId(id);
  event.setStreamIdentifier(identifierOf(record.streamName));
  event.setStreamRevision(record.revision.toString());
  event.setPreparePosition(record.position.toString());
  event.setCommitPosition(record.position.toString());
  event.getMetadataMap().set("type", record.type);
  event.getMetadataMap().set("content-type", record.contentType);
  event.getMetadataMap().set("created", record.created.toString());
  event.setCustomMetadata(record.metadata);
  event.setData(record.data);
  const read = new pb.ReadResp.ReadEvent();
  read.setEvent(event);
  read.setCommitPosition(record.position.toString());
  const response = new pb.ReadResp();
  response.setEvent(read);
  return response;
};

/** A gRPC error as ESDB raises it: a status code plus the `exception` trailer the client maps to a type. */
export const esdbError = (
  code: grpc.status,
  details: string,
  trailers: Readonly<Record<string, string>> = {},
): Partial<grpc.StatusObject> => {
  const metadata = new grpc.Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return { code, details, metadata };
};
