import * as grpc from "@grpc/grpc-js";
import { type CommitDecision, checkCommit, type Expected } from "./commit-check.js";
import type { FakeLog, ProposedRecord } from "./log.js";
import { esdbError, pb, shared, streamNameOf, uuidOf } from "./wire.js";

type AppendReq = InstanceType<typeof pb.AppendReq>;
type AppendResp = InstanceType<typeof pb.AppendResp>;
type AppendOptions = InstanceType<typeof pb.AppendReq.Options>;

/** ESDB's default `MaxAppendSize`: 1 MiB of event data and metadata per append. */
export const DEFAULT_MAX_APPEND_SIZE = 1_048_576;

const expectedOf = (options: AppendOptions): Expected => {
  if (options.hasRevision()) return { kind: "revision", revision: BigInt(options.getRevision()) };
  if (options.hasNoStream()) return { kind: "no_stream" };
  if (options.hasStreamExists()) return { kind: "stream_exists" };
  return { kind: "any" };
};

const proposedOf = (message: InstanceType<typeof pb.AppendReq.ProposedMessage>): ProposedRecord | string => {
  const id = uuidOf(message.getId());
  const type = message.getMetadataMap().get("type");
  const contentType = message.getMetadataMap().get("content-type");
  if (id === undefined) return "an event without an id";
  if (type === undefined || contentType === undefined) return "type and content-type are required metadata";
  return { id, type, contentType, data: message.getData_asU8(), metadata: message.getCustomMetadata_asU8() };
};

const success = (revision: bigint, position: bigint | undefined): AppendResp => {
  const ok = new pb.AppendResp.Success();
  if (revision < 0n) ok.setNoStream(new shared.Empty());
  else ok.setCurrentRevision(revision.toString());
  if (position === undefined) ok.setNoPosition(new shared.Empty());
  else {
    const at = new pb.AppendResp.Position();
    at.setCommitPosition(position.toString());
    at.setPreparePosition(position.toString());
    ok.setPosition(at);
  }
  const response = new pb.AppendResp();
  response.setSuccess(ok);
  return response;
};

const wrongExpectedVersion = (expected: Expected, current: bigint): AppendResp => {
  const wrong = new pb.AppendResp.WrongExpectedVersion();
  if (current < 0n) wrong.setCurrentNoStream(new shared.Empty());
  else wrong.setCurrentRevision(current.toString());
  if (expected.kind === "revision") wrong.setExpectedRevision(expected.revision.toString());
  else if (expected.kind === "no_stream") wrong.setExpectedNoStream(new shared.Empty());
  else if (expected.kind === "stream_exists") wrong.setExpectedStreamExists(new shared.Empty());
  else wrong.setExpectedAny(new shared.Empty());
  const response = new pb.AppendResp();
  response.setWrongExpectedVersion(wrong);
  return response;
};

/** Applies a decided append to the log and says what the client hears. */
const answer = (
  log: FakeLog,
  stream: string,
  expected: Expected,
  records: ProposedRecord[],
  decision: CommitDecision,
) => {
  if (decision.kind === "wrong-expected-version") return wrongExpectedVersion(expected, decision.current);
  if (decision.kind === "idempotent") {
    // ESDB 21+ answers an idempotent append like a write: the ids' last revision and its log position.
    return success(decision.last, log.recordAt(stream, decision.last)?.position);
  }
  const written = log.write(stream, records);
  return success(log.lastRevision(stream), written.at(-1)?.position);
};

/**
 * Serves `Streams.Append`: a client stream of one options message and the proposed events, answered once,
 * after the client ended its side. The check and the write happen in one synchronous step, so appends are
 * serialised like ESDB's single writer.
 */
export const handleAppend =
  (
    log: FakeLog,
    beforeCall: (method: string) => Partial<grpc.StatusObject> | undefined,
    maxAppendSize: number,
  ) =>
  (
    call: grpc.ServerReadableStream<AppendReq, AppendResp>,
    callback: grpc.sendUnaryData<AppendResp>,
  ): void => {
    const messages: AppendReq[] = [];
    call.on("data", (message: AppendReq) => messages.push(message));
    call.on("end", () => {
      const fault = beforeCall("append");
      if (fault !== undefined) return callback(fault);
      const options = messages[0]?.getOptions();
      if (options === undefined)
        return callback(esdbError(grpc.status.INVALID_ARGUMENT, "options must come first"));
      const stream = streamNameOf(options.getStreamIdentifier());
      const proposed = messages.slice(1).map((message) => proposedOf(message.getProposedMessage()!));
      const invalid = proposed.find((record): record is string => typeof record === "string");
      if (invalid !== undefined) {
        return callback(
          esdbError(grpc.status.INVALID_ARGUMENT, invalid, {
            exception: "missing-required-metadata-property",
          }),
        );
      }
      const records = proposed as ProposedRecord[];
      const size = records.reduce((sum, r) => sum + r.data.length + r.metadata.length, 0);
      if (size > maxAppendSize) {
        return callback(
          esdbError(grpc.status.INVALID_ARGUMENT, "Maximum Append Size Exceeded", {
            exception: "maximum-append-size-exceeded",
            "maximum-append-size": String(maxAppendSize),
          }),
        );
      }
      const expected = expectedOf(options);
      const decision = checkCommit(
        log,
        stream,
        expected,
        records.map((record) => record.id),
      );
      callback(null, answer(log, stream, expected, records, decision));
    });
  };
