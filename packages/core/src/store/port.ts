/**
 * The event store port. Adapters (in-memory here, PostgreSQL, EventStoreDB) implement it and must pass the
 * shared contract suite in `@vpp-ledger/core/testing`. Versions and positions are bigints end to end.
 */

/**
 * What the writer believes about the stream before appending:
 * - `"any"`: no check;
 * - `"no_stream"`: the stream must not exist (has no events);
 * - `"stream_exists"`: the stream must have at least one event;
 * - a bigint `n`: the stream's current version must be exactly `n` (`0n` is the same as `"no_stream"`).
 * Every adapter enforces every sentinel at append time, atomically with the write.
 */
export type ExpectedVersion = "any" | "no_stream" | "stream_exists" | bigint;

/** Who or what caused a change (R18). */
export interface Actor {
  readonly kind: "admin" | "device" | "apple-sync" | "schedule" | "system";
  /** Admin id, device serial number, sync id…: an opaque reference, never personal data in clear. */
  readonly id?: string;
}

/** Metadata recorded with every event. */
export interface EventMetadata {
  readonly tenantId: string;
  /** Shared by every event caused, directly or not, by one request. */
  readonly correlationId: string;
  /** Id of the command or event that directly caused this one. */
  readonly causationId: string;
  readonly actor: Actor;
  /** When the change happened in the domain (the command's time), ISO-8601. */
  readonly recordedAt: string;
}

/** An event about to be appended. `data` is plain JSON, already encoded by the event catalog. */
export interface EventToAppend {
  /** UUID; deterministic per command so a retried command is recognised (idempotent append). */
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
  readonly metadata: EventMetadata;
}

/** An event as stored. The first event of a stream has `streamVersion` 1n. */
export interface RecordedEvent extends EventToAppend {
  readonly streamId: string;
  readonly streamVersion: bigint;
  /** Position in the global log: strictly increasing in commit order, never skipped by a reader. */
  readonly globalPosition: bigint;
}

/** The outcome of a successful append. */
export interface AppendResult {
  /** The stream's version after the append: pass it as the next expected version. */
  readonly nextExpectedVersion: bigint;
  /** Global position of the last event written (or found, for an idempotent retry). */
  readonly lastGlobalPosition: bigint;
  /** False when every event was already stored at those versions (a retried command wrote nothing). */
  readonly written: boolean;
}

/** Options for reads. `after` is exclusive: pass the last version or position you processed. */
export interface ReadOptions {
  readonly after?: bigint;
  /** Events fetched per round trip; memory use is bounded by it. Adapters pick a sensible default. */
  readonly batchSize?: number;
}

/** Append-only storage of event streams. */
export interface EventStore {
  /**
   * Appends all events or none. Rejects with `WrongExpectedVersion` (carrying the
   * actual version) when `expectedVersion` does not hold, and with
   * `IdempotencyViolation` when an event id is already stored with other content.
   */
  appendToStream(
    streamId: string,
    events: ReadonlyArray<EventToAppend>,
    options?: { readonly expectedVersion?: ExpectedVersion },
  ): Promise<AppendResult>;
  /** One stream forwards, in bounded batches. Yields nothing for a stream that does not exist. */
  readStream(streamId: string, options?: ReadOptions): AsyncIterable<RecordedEvent>;
  /** The global log forwards in position order, in bounded batches. */
  readAll(options?: ReadOptions): AsyncIterable<RecordedEvent>;
  /** The stream's current version; 0n when it has no events. */
  streamVersion(streamId: string): Promise<bigint>;
  /**
   * Optional: the global position of the last event a reader can see (0n for an empty log). Processors use it
   * for their lag figure; without it the lag in events is unknown.
   */
  headPosition?(): Promise<bigint>;
  /**
   * Optional: the event stored in this stream under `eventId`, found through an index (never a scan). The
   * command handler uses it to recognise a retried command whose events lie before the latest snapshot;
   * without it, only retries whose events are after the snapshot are recognised (older ones are still
   * never written twice: the append fails with an IdempotencyViolation).
   */
  findEvent?(streamId: string, eventId: string): Promise<RecordedEvent | undefined>;
  /**
   * Optional: the events stored in this stream under any of `eventIds`, in any order, through the same index as
   * `findEvent` (ids stored in another stream or nowhere are left out). Group commit checks a whole batch for
   * retried commands with it in one round trip instead of one per command; without it, it calls `findEvent`
   * per command.
   */
  findEvents?(streamId: string, eventIds: ReadonlyArray<string>): Promise<ReadonlyArray<RecordedEvent>>;
  /**
   * Optional: replaces the `data` of one stored event, in place, to erase personal data (a user's right to
   * erasure). The only sanctioned change to history: id, type, versions, position and metadata stay. Resolves
   * false when the stream holds no such event. Call it through `erasePersonalData`, which also records the
   * erasure and refreshes snapshots.
   */
  redactEvent?(streamId: string, eventId: string, data: unknown): Promise<boolean>;
}

/** A serialised aggregate state at a stream version. */
export interface StoredSnapshot {
  readonly streamId: string;
  /** Version of the last event folded into `state`. */
  readonly streamVersion: bigint;
  /** Version of the snapshot's own shape; an old one is ignored and rebuilt from events. */
  readonly schemaVersion: number;
  readonly state: unknown;
}

/** Keeps the latest snapshot per stream. */
export interface SnapshotStore {
  load(streamId: string): Promise<StoredSnapshot | undefined>;
  /** Replaces the stream's snapshot unless a newer one is already stored. */
  save(snapshot: StoredSnapshot): Promise<void>;
}
