import * as grpc from "@grpc/grpc-js";
import type { FaultCheck } from "./faults.js";
import type { FakeLog, LogRecord } from "./log.js";
import { esdbError, identifierOf, pb, streamNameOf, toReadResp } from "./wire.js";

type ReadReq = InstanceType<typeof pb.ReadReq>;
type ReadResp = InstanceType<typeof pb.ReadResp>;
type ReadOptions = InstanceType<typeof pb.ReadReq.Options>;

const BACKWARDS = pb.ReadReq.Options.ReadDirection.BACKWARDS;
const MAX_COUNT = BigInt(Number.MAX_SAFE_INTEGER);

/** The `count` of a read, clamped to what an array can hold (the client sends MAX_SAFE_INTEGER for "all"). */
const countOf = (options: ReadOptions): number => {
  const count = options.hasCount() ? BigInt(options.getCount()) : MAX_COUNT;
  return Number(count > MAX_COUNT ? MAX_COUNT : count);
};

const streamNotFound = (streamName: string): ReadResp => {
  const response = new pb.ReadResp();
  const notFound = new pb.ReadResp.StreamNotFound();
  notFound.setStreamIdentifier(identifierOf(streamName));
  response.setStreamNotFound(notFound);
  return response;
};

/** A read of one stream: StreamNotFound for a stream without records, else its records in order. */
const readStream = (log: FakeLog, options: ReadOptions): ReadResp[] => {
  const streamOptions = options.getStream();
  const streamName = streamNameOf(streamOptions?.getStreamIdentifier());
  if (!log.exists(streamName)) return [streamNotFound(streamName)];
  const count = countOf(options);
  const backwards = options.getReadDirection() === BACKWARDS;
  const last = log.lastRevision(streamName);
  const from = streamOptions?.hasRevision()
    ? BigInt(streamOptions.getRevision())
    : streamOptions?.hasEnd()
      ? backwards
        ? last
        : last + 1n
      : 0n;
  const records = backwards
    ? log.readBackwards(streamName, from, count)
    : log.readForwards(streamName, from, count);
  return records.map(toReadResp);
};

/** A read of `$all`: every record of the log (system ones included) from a position, in log order. */
const readAll = (log: FakeLog, options: ReadOptions): ReadResp[] => {
  const allOptions = options.getAll();
  const count = countOf(options);
  const backwards = options.getReadDirection() === BACKWARDS;
  const position = allOptions?.hasPosition()
    ? BigInt(allOptions.getPosition()?.getCommitPosition() ?? "0")
    : allOptions?.hasEnd()
      ? log.endPosition
      : 0n;
  const records: LogRecord[] = backwards
    ? log.readAllBackwards(position, count)
    : log.readAllForwards(position, count);
  return records.map(toReadResp);
};

/** Serves `Streams.Read` for reads (not subscriptions, not filtered reads), as a finite server stream. */
export const handleRead =
  (log: FakeLog, beforeCall: FaultCheck) =>
  (call: grpc.ServerWritableStream<ReadReq, ReadResp>): void => {
    const options = call.request.getOptions();
    const stream = options?.hasStream() ? streamNameOf(options.getStream()?.getStreamIdentifier()) : "$all";
    const fault = beforeCall({ method: "read", stream });
    if (fault !== undefined) {
      call.emit("error", fault.status);
      return;
    }
    const unsupported =
      options === undefined
        ? "missing options"
        : options.hasSubscription()
          ? "subscriptions"
          : options.hasFilter()
            ? "server-side filters"
            : options.getUuidOption()?.hasStructured()
              ? "structured UUIDs"
              : undefined;
    if (unsupported !== undefined || options === undefined) {
      call.emit(
        "error",
        esdbError(grpc.status.UNIMPLEMENTED, `the fake server does not support ${unsupported}`),
      );
      return;
    }
    const responses = options.hasStream() ? readStream(log, options) : readAll(log, options);
    for (const response of responses) call.write(response);
    call.end();
  };
