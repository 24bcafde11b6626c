import {
  type AllStreamRecordedEvent,
  BACKWARDS,
  END,
  type EventStoreDBClient,
  FORWARDS,
  type Position,
  type START,
} from "@eventstore/db-client";
import type { EsdbRecord } from "../codec/decode-event.js";
import { isStreamNotFound, translateClientError } from "./errors.js";

/** A record read from `$all`: the server always gives its log position there. */
export type EsdbLogRecord = EsdbRecord & { readonly position: Position };

// One bounded page per call: the client's stream is drained into an array of at most `maxCount` records
// and closed before the caller sees any of them, so a slow consumer never holds a server call open.
const drain = async <R>(
  operation: string,
  read: () => AsyncIterable<{ readonly event?: R }>,
): Promise<R[]> => {
  const records: R[] = [];
  try {
    for await (const resolved of read()) if (resolved.event !== undefined) records.push(resolved.event);
  } catch (error) {
    if (isStreamNotFound(error)) return [];
    throw translateClientError(error, operation);
  }
  return records;
};

/** Up to `maxCount` records of a stream, forwards from `fromRevision`; a missing stream reads as none. */
export const readStreamPage = (
  client: EventStoreDBClient,
  streamName: string,
  fromRevision: bigint,
  maxCount: number,
): Promise<EsdbRecord[]> =>
  drain(`a read of stream ${streamName}`, () =>
    client.readStream(streamName, { direction: FORWARDS, fromRevision, maxCount, resolveLinkTos: false }),
  );

/** The last record of a stream, or undefined when it has none. */
export const readLastRecord = async (
  client: EventStoreDBClient,
  streamName: string,
): Promise<EsdbRecord | undefined> => {
  const records = await drain(`a read of the end of stream ${streamName}`, () =>
    client.readStream(streamName, { direction: BACKWARDS, fromRevision: END, maxCount: 1 }),
  );
  return records[0];
};

/** Up to `maxCount` records of `$all`, forwards from `from` (inclusive, as ESDB reads positions). */
export const readAllPage = (
  client: EventStoreDBClient,
  from: Position | typeof START,
  maxCount: number,
): Promise<EsdbLogRecord[]> =>
  drain<AllStreamRecordedEvent>("a read of $all", () =>
    client.readAll({ direction: FORWARDS, fromPosition: from, maxCount, resolveLinkTos: false }),
  );

/** Up to `maxCount` records of `$all`, backwards from `from` (the end, or a position). */
export const readAllBackwardsPage = (
  client: EventStoreDBClient,
  from: Position | typeof END,
  maxCount: number,
): Promise<EsdbLogRecord[]> =>
  drain<AllStreamRecordedEvent>("a backwards read of $all", () =>
    client.readAll({ direction: BACKWARDS, fromPosition: from, maxCount, resolveLinkTos: false }),
  );
