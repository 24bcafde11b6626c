import type { EventStoreDBClient } from "@eventstore/db-client";
import { type CheckpointStore, CorruptEvent } from "@vpp-ledger/core";
import { readLastRecord } from "../client/reads.js";
import type { EsdbRecord } from "../codec/decode-event.js";
import { versionOfRevision } from "../mapping/revision.js";
import { appendDecided, assertReaderName, keepLast, readerRecord } from "./reader-streams.js";

/** Default prefix of checkpoint streams, one per reader. */
export const DEFAULT_CHECKPOINT_STREAM_PREFIX = "vppLedgerCheckpoint-";
/** ESDB event type of a saved checkpoint. */
export const CHECKPOINT_EVENT_TYPE = "vpp-ledger.checkpoint";
/** ESDB event type of a reset (a deliberate rewind: the reader starts from the beginning). */
export const CHECKPOINT_RESET_EVENT_TYPE = "vpp-ledger.checkpoint-reset";

const DIGITS = /^(0|[1-9]\d*)$/;

/** Options of {@link EsdbCheckpointStore}. */
export interface EsdbCheckpointStoreOptions {
  /** Prefix of the checkpoint streams (default `"vppLedgerCheckpoint-"`). */
  readonly streamPrefix?: string;
}

/**
 * The {@link CheckpointStore} port over EventStoreDB: reader R's position is the last event of stream
 * `<prefix>R`, created with `$maxCount: 1` so ESDB keeps only that one. Like the PostgreSQL store it only moves
 * forward: a save reads the current position and appends with the revision it read, so a stale or slower
 * instance of the reader can never rewind it; {@link reset} is the deliberate rewind.
 *
 * Limits (docs/eventstore-esdb.md): a save is two round trips and one record in `$all` (log readers skip it;
 * save per batch, not per event); nothing spans ESDB and a read model, so a processor checkpointing here is
 * at-least-once. For exactly-once, keep the checkpoint in the read model's own database (e.g. PostgreSQL's
 * `transactionalSink`) while reading the log from EventStoreDB.
 */
export class EsdbCheckpointStore implements CheckpointStore {
  readonly #client: EventStoreDBClient;
  readonly #prefix: string;

  constructor(client: EventStoreDBClient, options: EsdbCheckpointStoreOptions = {}) {
    this.#client = client;
    this.#prefix = options.streamPrefix ?? DEFAULT_CHECKPOINT_STREAM_PREFIX;
    if (this.#prefix.length === 0 || this.#prefix.startsWith("$")) {
      throw new TypeError("option streamPrefix must be a non-empty string not starting with $");
    }
  }

  /** The saved position of reader `name`, or undefined when it has none or was reset. */
  async load(name: string): Promise<bigint | undefined> {
    assertReaderName("checkpoint name", name);
    const record = await readLastRecord(this.#client, this.#prefix + name);
    return record === undefined ? undefined : this.#positionOf(record);
  }

  /** Moves reader `name` forward to `position`; a position at or behind the saved one changes nothing. */
  async save(name: string, position: bigint): Promise<void> {
    assertReaderName("checkpoint name", name);
    if (typeof position !== "bigint" || position < 0n) {
      throw new RangeError(`checkpoint ${name}: position must be a bigint >= 0n`);
    }
    const stream = this.#prefix + name;
    await appendDecided(
      this.#client,
      stream,
      async () => {
        const record = await readLastRecord(this.#client, stream);
        return { state: record && this.#positionOf(record), revision: record?.revision };
      },
      (current) =>
        current !== undefined && current >= position
          ? undefined
          : readerRecord(CHECKPOINT_EVENT_TYPE, { position: position.toString() }),
      () => keepLast(this.#client, stream, 1),
    );
  }

  /** Forgets reader `name`'s checkpoint, so it reads the log again from the start (a rebuild). */
  async reset(name: string): Promise<void> {
    assertReaderName("checkpoint name", name);
    const stream = this.#prefix + name;
    await appendDecided(
      this.#client,
      stream,
      async () => {
        const record = await readLastRecord(this.#client, stream);
        return { state: record?.type, revision: record?.revision };
      },
      (type) =>
        type === undefined || type === CHECKPOINT_RESET_EVENT_TYPE
          ? undefined
          : readerRecord(CHECKPOINT_RESET_EVENT_TYPE, {}),
    );
  }

  #positionOf(record: EsdbRecord): bigint | undefined {
    if (record.type === CHECKPOINT_RESET_EVENT_TYPE) return undefined;
    const position =
      record.isJson && typeof record.data === "object" && record.data !== null
        ? (record.data as { position?: unknown }).position
        : undefined;
    if (record.type !== CHECKPOINT_EVENT_TYPE || typeof position !== "string" || !DIGITS.test(position)) {
      // Starting over from the beginning would redeliver the whole log: refuse, and say where.
      throw new CorruptEvent(
        record.streamId,
        versionOfRevision(record.revision),
        record.type,
        "data.position",
        "is not a checkpoint (a decimal position); repair or reset the checkpoint",
      );
    }
    return BigInt(position);
  }
}
