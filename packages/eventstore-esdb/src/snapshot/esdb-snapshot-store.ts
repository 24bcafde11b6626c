import { type EventStoreDBClient, NO_STREAM } from "@eventstore/db-client";
import {
  assertValidStreamId,
  ConcurrencyRetriesExhausted,
  type SnapshotStore,
  type StoredSnapshot,
} from "@vpp-ledger/core";
import { assertValidSnapshot } from "@vpp-ledger/core/adapter-kit";
import { callClient, isWrongExpectedVersion, translateClientError } from "../client/errors.js";
import { readLastRecord } from "../client/reads.js";
import { fromSnapshotRecord, toSnapshotEvent } from "./snapshot-record.js";

/** Options of {@link EsdbSnapshotStore}. */
export interface EsdbSnapshotStoreOptions {
  /** Prefix of the snapshot streams, one per ledger stream (default `"vppLedgerSnapshot-"`). */
  readonly streamPrefix?: string;
  /** Attempts of a save racing other savers of the same stream before it gives up (default 10). */
  readonly maxSaveAttempts?: number;
}

/** Default prefix of snapshot streams: a category of their own, away from the ledger's streams. */
export const DEFAULT_SNAPSHOT_STREAM_PREFIX = "vppLedgerSnapshot-";

/**
 * The {@link SnapshotStore} port over EventStoreDB: the latest snapshot of ledger stream S is the last event
 * of its companion stream `<prefix>S`, created with stream metadata `$maxCount: 1` so ESDB keeps only that
 * one (older ones are scavenged). A save reads the current snapshot and appends with ESDB's expected revision
 * = the one it read, so a racing older snapshot can never replace a newer one: the loser re-reads and, if
 * what won is newer, keeps it.
 */
export class EsdbSnapshotStore implements SnapshotStore {
  readonly #client: EventStoreDBClient;
  readonly #prefix: string;
  readonly #maxAttempts: number;

  constructor(client: EventStoreDBClient, options: EsdbSnapshotStoreOptions = {}) {
    this.#client = client;
    this.#prefix = options.streamPrefix ?? DEFAULT_SNAPSHOT_STREAM_PREFIX;
    this.#maxAttempts = options.maxSaveAttempts ?? 10;
    if (this.#prefix.length === 0) throw new TypeError("option streamPrefix must be a non-empty string");
    if (!Number.isSafeInteger(this.#maxAttempts) || this.#maxAttempts < 1) {
      throw new RangeError("option maxSaveAttempts must be a positive integer");
    }
  }

  async load(streamId: string): Promise<StoredSnapshot | undefined> {
    assertValidStreamId(streamId);
    const record = await readLastRecord(this.#client, this.#prefix + streamId);
    return record === undefined ? undefined : fromSnapshotRecord(streamId, record);
  }

  async save(snapshot: StoredSnapshot): Promise<void> {
    assertValidSnapshot(snapshot);
    const stream = this.#prefix + snapshot.streamId;
    let seen = 0n;
    for (let attempt = 1; attempt <= this.#maxAttempts; attempt++) {
      const record = await readLastRecord(this.#client, stream);
      // A malformed current snapshot is replaced, never allowed to block newer ones.
      const current = record === undefined ? undefined : this.#readable(snapshot.streamId, record);
      if (current !== undefined && current.streamVersion > snapshot.streamVersion) return;
      seen = current?.streamVersion ?? 0n;
      if (record === undefined) {
        await callClient(`setting the metadata of ${stream}`, () =>
          this.#client.setStreamMetadata(stream, { maxCount: 1 }),
        );
      }
      try {
        await this.#client.appendToStream(stream, toSnapshotEvent(snapshot), {
          expectedRevision: record === undefined ? NO_STREAM : record.revision,
        });
        return;
      } catch (error) {
        if (!isWrongExpectedVersion(error)) throw translateClientError(error, `a save to ${stream}`);
      }
    }
    // Every attempt lost to another saver of an older snapshot: a cache write, safe to give up on.
    throw new ConcurrencyRetriesExhausted(stream, this.#maxAttempts, seen);
  }

  #readable(streamId: string, record: Parameters<typeof fromSnapshotRecord>[1]): StoredSnapshot | undefined {
    try {
      return fromSnapshotRecord(streamId, record);
    } catch {
      return undefined;
    }
  }
}
