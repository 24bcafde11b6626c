import statusPb from "@eventstore/db-client/generated/status_pb.js";
import type * as grpc from "@grpc/grpc-js";
import { type CommitOutcome, commitAppend } from "./commit.js";
import type { Expected } from "./commit-check.js";
import type { FaultCheck } from "./faults.js";
import type { FakeLog, ProposedRecord } from "./log.js";
import { AnyProto, EmptyProto } from "./protobuf-runtime.js";
import { identifierOf, pb, proposedRecordOf, shared, streamNameOf, uuidOf } from "./wire.js";

type BatchAppendReq = InstanceType<typeof pb.BatchAppendReq>;
type BatchAppendResp = InstanceType<typeof pb.BatchAppendResp>;
type BatchOptions = InstanceType<typeof pb.BatchAppendReq.Options>;

// google.rpc.Code values ESDB uses for batch-append failures.
const FAILED_PRECONDITION = 9;
const INVALID_ARGUMENT = 3;

const expectedOf = (options: BatchOptions): Expected => {
  if (options.hasStreamPosition()) return { kind: "revision", revision: BigInt(options.getStreamPosition()) };
  if (options.hasNoStream()) return { kind: "no_stream" };
  if (options.hasStreamExists()) return { kind: "stream_exists" };
  return { kind: "any" };
};

const packed = (message: { serializeBinary(): Uint8Array }, typeName: string) => {
  const any = new AnyProto();
  any.pack(message.serializeBinary(), typeName);
  return any;
};

const failure = (code: number, message: string, details: ReturnType<typeof packed>) => {
  const status = new statusPb.Status();
  status.setCode(code);
  status.setMessage(message);
  status.setDetails(details as never);
  return status;
};

const errorOf = (outcome: Exclude<CommitOutcome, { kind: "success" }>, expected: Expected) => {
  if (outcome.kind === "too-big") {
    const tooBig = new shared.MaximumAppendSizeExceeded();
    tooBig.setMaxappendsize(outcome.maxAppendSize);
    return failure(
      INVALID_ARGUMENT,
      "Maximum Append Size Exceeded",
      packed(tooBig, "event_store.client.MaximumAppendSizeExceeded"),
    );
  }
  const wrong = new shared.WrongExpectedVersion();
  if (outcome.current < 0n) wrong.setCurrentNoStream(new EmptyProto() as never);
  else wrong.setCurrentStreamRevision(outcome.current.toString());
  if (expected.kind === "revision") wrong.setExpectedStreamPosition(expected.revision.toString());
  else if (expected.kind === "no_stream") wrong.setExpectedNoStream(new EmptyProto() as never);
  else if (expected.kind === "stream_exists") wrong.setExpectedStreamExists(new EmptyProto() as never);
  else wrong.setExpectedAny(new EmptyProto() as never);
  return failure(
    FAILED_PRECONDITION,
    "WrongExpectedVersion",
    packed(wrong, "event_store.client.WrongExpectedVersion"),
  );
};

const responseOf = (
  correlation: InstanceType<typeof shared.UUID>,
  stream: string,
  expected: Expected,
  outcome: CommitOutcome,
): BatchAppendResp => {
  const response = new pb.BatchAppendResp();
  response.setCorrelationId(correlation);
  response.setStreamIdentifier(identifierOf(stream));
  if (expected.kind === "revision") response.setStreamPosition(expected.revision.toString());
  else if (expected.kind === "no_stream") response.setNoStream(new EmptyProto() as never);
  else if (expected.kind === "stream_exists") response.setStreamExists(new EmptyProto() as never);
  else response.setAny(new EmptyProto() as never);
  if (outcome.kind !== "success") {
    response.setError(errorOf(outcome, expected));
    return response;
  }
  const ok = new pb.BatchAppendResp.Success();
  if (outcome.revision < 0n) ok.setNoStream(new EmptyProto() as never);
  else ok.setCurrentRevision(outcome.revision.toString());
  if (outcome.position === undefined) ok.setNoPosition(new EmptyProto() as never);
  else {
    const position = new shared.AllStreamPosition();
    position.setCommitPosition(outcome.position.toString());
    position.setPreparePosition(outcome.position.toString());
    ok.setPosition(position);
  }
  response.setSuccess(ok);
  return response;
};

/**
 * Serves `Streams.BatchAppend` (ESDB 21.10+): one long-lived bidirectional stream per client connection
 * carries every append, each a run of requests sharing a correlation id, options in the first, `is_final`
 * on the last; each append is answered on the same stream as soon as it is complete. A fault ends the whole
 * stream, as a lost connection would, failing every append in flight on it.
 */
export const handleBatchAppend =
  (log: FakeLog, beforeCall: FaultCheck, maxAppendSize: number) =>
  (call: grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void => {
    const pending = new Map<string, { options: BatchOptions; records: ProposedRecord[] }>();
    call.on("data", (request: BatchAppendReq) => {
      const correlation = request.getCorrelationId();
      const key = uuidOf(correlation) ?? "";
      const options = request.getOptions();
      const entry = pending.get(key) ?? (options === undefined ? undefined : { options, records: [] });
      if (entry === undefined || correlation === undefined) return;
      pending.set(key, entry);
      for (const message of request.getProposedMessagesList()) {
        const record = proposedRecordOf(message);
        if (typeof record !== "string") entry.records.push(record);
      }
      if (!request.getIsFinal()) return;
      pending.delete(key);
      const stream = streamNameOf(entry.options.getStreamIdentifier());
      const fault = beforeCall({ method: "append", stream });
      const expected = expectedOf(entry.options);
      const outcome =
        fault === undefined || fault.afterCommit
          ? commitAppend(log, stream, expected, entry.records, maxAppendSize)
          : undefined;
      if (fault !== undefined || outcome === undefined) {
        call.emit("error", fault?.status);
        return;
      }
      call.write(responseOf(correlation, stream, expected, outcome));
    });
    call.on("end", () => call.end());
  };
