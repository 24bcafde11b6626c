import { CorruptEvent, type EventMetadata, type RecordedEvent } from "@vpp-ledger/core";
import { describeErrors } from "@vpp-ledger/core/adapter-kit";
import * as E from "fp-ts/lib/Either.js";
import { versionOfRevision } from "../mapping/revision.js";
import { LEDGER_KEY } from "./envelope.js";
import { envelopeFieldPath, LedgerEnvelopeCodec } from "./envelope-codec.js";

/** The fields of the client's recorded event the adapter reads (the client's type has them all). */
export interface EsdbRecord {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: unknown;
  readonly metadata?: unknown;
  readonly position?: { readonly commit: bigint; readonly prepare: bigint };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

/**
 * The record's global position: its commit position. A ledger event's commit and prepare positions are
 * equal (each append's records are committed in place), so the commit position alone orders the log.
 */
export const logPositionOf = (record: EsdbRecord): bigint => {
  // Servers before 22.6 send no position with stream reads; the client then reports 0 (protobuf's default),
  // a position no event has (ESDB's log starts with its own records).
  if (record.position === undefined || record.position.commit === 0n) {
    throw new Error(
      `stream ${record.streamId} revision ${record.revision}: EventStoreDB returned no log position with ` +
        "the event; this adapter needs EventStoreDB 22.6 or later (positions on stream reads)",
    );
  }
  return record.position.commit;
};

/** The id of the append call that wrote a ledger record (call only after it decoded). */
export const appendIdOf = (record: EsdbRecord): string | undefined => {
  const envelope = isPlainObject(record.metadata) ? record.metadata[LEDGER_KEY] : undefined;
  const appendId = isPlainObject(envelope) ? envelope.appendId : undefined;
  return typeof appendId === "string" ? appendId : undefined;
};

/** A record either is a ledger event (decoded) or is not the ledger's, and why. */
export type ClassifiedRecord =
  | { readonly kind: "ledger"; readonly event: RecordedEvent }
  | { readonly kind: "foreign"; readonly path: string; readonly detail: string };

/**
 * Decodes an ESDB record written by this adapter, or says it is foreign (no ledger envelope in its
 * metadata). A record that has the envelope but breaks it is a {@link CorruptEvent} naming the field; the
 * stored values never appear in the message.
 */
export const classifyRecord = (record: EsdbRecord): ClassifiedRecord => {
  const streamVersion = versionOfRevision(record.revision);
  const corrupt = (path: string, detail: string) =>
    new CorruptEvent(record.streamId, streamVersion, record.type, path, detail);
  if (!isPlainObject(record.metadata)) {
    return { kind: "foreign", path: "metadata", detail: "is not a JSON object (not written by vpp-ledger)" };
  }
  const raw = record.metadata[LEDGER_KEY];
  if (raw === undefined) {
    return {
      kind: "foreign",
      path: `metadata.${LEDGER_KEY}`,
      detail: "is missing (not written by vpp-ledger)",
    };
  }
  const envelope = LedgerEnvelopeCodec.decode(raw);
  if (E.isLeft(envelope)) {
    const { path, expected } = describeErrors(envelope.left);
    throw corrupt(envelopeFieldPath(path, LEDGER_KEY), `must be ${expected}`);
  }
  if (!record.isJson) throw corrupt("data", "is not JSON (content type application/octet-stream)");
  // The client returns JSON it cannot parse as the raw text: only a flagged string payload may be a string.
  if ((typeof record.data === "string") !== (envelope.right.stringData === true)) {
    throw corrupt("data", typeof record.data === "string" ? "is not valid JSON" : "must be a string");
  }
  return {
    kind: "ledger",
    event: {
      streamId: record.streamId,
      streamVersion,
      globalPosition: logPositionOf(record),
      id: record.id,
      type: record.type,
      schemaVersion: envelope.right.schemaVersion,
      data: record.data,
      metadata: envelope.right.metadata as EventMetadata,
    },
  };
};

/** Decodes a record of a ledger stream: there every record must be the ledger's, so a foreign one is corrupt. */
export const decodeLedgerRecord = (record: EsdbRecord): RecordedEvent => {
  const classified = classifyRecord(record);
  if (classified.kind === "ledger") return classified.event;
  throw new CorruptEvent(
    record.streamId,
    versionOfRevision(record.revision),
    record.type,
    classified.path,
    classified.detail,
  );
};
