import * as grpc from "@grpc/grpc-js";
import { type CommitOutcome, commitAppend } from "./commit.js";
import type { Expected } from "./commit-check.js";
import type { FaultCheck } from "./faults.js";
import type { FakeLog, ProposedRecord } from "./log.js";
import { esdbError, pb, proposedRecordOf, shared, streamNameOf } from "./wire.js";

type AppendReq = InstanceType<typeof pb.AppendReq>;
type AppendResp = InstanceType<typeof pb.AppendResp>;
type AppendOptions = InstanceType<typeof pb.AppendReq.Options>;

const expectedOf = (options: AppendOptions): Expected => {
  if (options.hasRevision()) return { kind: "revision", revision: BigInt(options.getRevision()) };
  if (options.hasNoStream()) return { kind: "no_stream" };
  if (options.hasStreamExists()) return { kind: "stream_exists" };
  return { kind: "any" };
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

const reply = (outcome: CommitOutcome, expected: Expected, callback: grpc.sendUnaryData<AppendResp>) => {
  if (outcome.kind === "too-big") {
    return callback(
      esdbError(grpc.status.INVALID_ARGUMENT, "Maximum Append Size Exceeded", {
        exception: "maximum-append-size-exceeded",
        "maximum-append-size": String(outcome.maxAppendSize),
      }),
    );
  }
  // ESDB 21+ answers a conflict in the response (older servers raised it as an error status).
  if (outcome.kind === "wrong-expected-version") {
    return callback(null, wrongExpectedVersion(expected, outcome.current));
  }
  callback(null, success(outcome.revision, outcome.position));
};

/**
 * Serves `Streams.Append`: a client stream of one options message and the proposed events, answered once
 * the client has ended its side. The client uses it when the server does not announce BatchAppend.
 */
export const handleAppend =
  (log: FakeLog, beforeCall: FaultCheck, maxAppendSize: number) =>
  (
    call: grpc.ServerReadableStream<AppendReq, AppendResp>,
    callback: grpc.sendUnaryData<AppendResp>,
  ): void => {
    const messages: AppendReq[] = [];
    call.on("data", (message: AppendReq) => messages.push(message));
    call.on("end", () => {
      const options = messages[0]?.getOptions();
      if (options === undefined)
        return callback(esdbError(grpc.status.INVALID_ARGUMENT, "options must come first"));
      const stream = streamNameOf(options.getStreamIdentifier());
      const fault = beforeCall({ method: "append", stream });
      if (fault !== undefined && !fault.afterCommit) return callback(fault.status);
      const proposed = messages.slice(1).map((message) => proposedRecordOf(message.getProposedMessage()!));
      const invalid = proposed.find((record): record is string => typeof record === "string");
      if (invalid !== undefined) {
        return callback(
          esdbError(grpc.status.INVALID_ARGUMENT, invalid, {
            exception: "missing-required-metadata-property",
          }),
        );
      }
      const expected = expectedOf(options);
      const outcome = commitAppend(log, stream, expected, proposed as ProposedRecord[], maxAppendSize);
      if (fault !== undefined) return callback(fault.status);
      reply(outcome, expected, callback);
    });
  };
