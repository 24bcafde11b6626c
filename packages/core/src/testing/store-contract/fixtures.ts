import { eventIdFor } from "../../store/event-id.js";
import type { EventMetadata, EventStore, EventToAppend, RecordedEvent } from "../../store/port.js";

/** Metadata of the suite's events; `n` varies it so content comparisons have something to compare. */
export const contractMetadata = (n: number): EventMetadata => ({
  tenantId: "tenant-contract",
  correlationId: `correlation-${n}`,
  causationId: `cause-${n}`,
  actor: { kind: "admin", id: "admin-1" },
  recordedAt: "2026-03-01T09:00:00.000Z",
});

/** The `n`-th test event of a stream; its id is unique to the stream and `n`. */
export const contractEvent = (streamId: string, n: number, data: unknown = { n }): EventToAppend => ({
  id: eventIdFor(streamId, n),
  type: "ContractEvent",
  schemaVersion: 1,
  data,
  metadata: contractMetadata(n),
});

/** Events `from`, `from + 1`, … of a stream. */
export const contractEvents = (streamId: string, from: number, count: number): EventToAppend[] =>
  Array.from({ length: count }, (_, index) => contractEvent(streamId, from + index));

/** What a reader can compare: the stored fields, without positions (which only the store assigns). */
export const contentOf = (event: EventToAppend) => ({
  id: event.id,
  type: event.type,
  schemaVersion: event.schemaVersion,
  data: event.data,
  metadata: event.metadata,
});

/**
 * A global position every event appended from now on will be after: the position of a marker event appended
 * to a fresh stream. Lets log reads start near the end when many tests share one database.
 */
export const logHead = async (store: EventStore, markerStreamId: string): Promise<bigint> =>
  (
    await store.appendToStream(markerStreamId, [contractEvent(markerStreamId, 0)], {
      expectedVersion: "no_stream",
    })
  ).lastGlobalPosition;

/**
 * Reads the log like a subscriber: from `after`, again and again, each time from the last position seen, until
 * `done` says every expected event arrived or `timeoutMs` passes (some stores show a commit to readers only once
 * every older transaction has ended). Returns everything read, in read order.
 */
export const pollLog = async (
  store: EventStore,
  after: bigint,
  done: (seen: ReadonlyArray<RecordedEvent>) => boolean,
  options: { readonly batchSize?: number; readonly timeoutMs?: number } = {},
): Promise<RecordedEvent[]> => {
  const seen: RecordedEvent[] = [];
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let checkpoint = after;
  while (!done(seen) && Date.now() < deadline) {
    for await (const event of store.readAll({ after: checkpoint, batchSize: options.batchSize ?? 50 })) {
      seen.push(event);
      checkpoint = event.globalPosition;
    }
    if (!done(seen)) await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return seen;
};

/** Only the events of the given streams (tests share the global log with others). */
export const ofStreams = (events: ReadonlyArray<RecordedEvent>, streamIds: ReadonlyArray<string>) =>
  events.filter((event) => streamIds.includes(event.streamId));

/** A command context for tests: an admin of tenant `tenant-contract` sends command `commandId`. */
export const testCommandContext = (commandId: string) => ({
  commandId,
  tenantId: "tenant-contract",
  actor: { kind: "admin" as const, id: "admin-1" },
});
