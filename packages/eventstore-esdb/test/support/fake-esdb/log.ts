/**
 * The fake server's storage: one append-only log, as EventStoreDB keeps it. Every record gets a log position
 * that grows by the record's size (ESDB positions are byte offsets in its transaction file, so they have
 * gaps); each gRPC append commits its records in place, so commit and prepare positions are equal.
 */

/** A stored record. `revision` is its number in its stream, from 0. */
export interface LogRecord {
  readonly streamName: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly metadata: Uint8Array;
  readonly position: bigint;
  /** Creation time in .NET ticks (100 ns since 0001-01-01), as ESDB reports it. */
  readonly created: bigint;
}

/** A record before it has a stream revision and a position. */
export type ProposedRecord = Pick<LogRecord, "id" | "type" | "contentType" | "data" | "metadata">;

// .NET ticks at the Unix epoch.
const EPOCH_TICKS = 621_355_968_000_000_000n;
const RECORD_OVERHEAD = 120n;

/** Metastreams hold a stream's metadata: `$$<stream>`. */
export const metastreamOf = (streamName: string): string => `$$${streamName}`;

/** The log, the per-stream index over it and the committed-ids cache; every method is synchronous. */
export class FakeLog {
  readonly #records: LogRecord[] = [];
  readonly #streams = new Map<string, LogRecord[]>();
  // ESDB keeps recently committed event ids in memory for its idempotency checks (bounded there; the fake
  // keeps them all, so it answers idempotently where a busy real server might already have forgotten).
  readonly #committedIds = new Map<string, { readonly streamName: string; readonly revision: bigint }>();
  // A fresh ESDB log starts with its own records (epoch, system streams): ledger events never sit at 0.
  #nextPosition = 4_096n;

  constructor(readonly now: () => number = Date.now) {}

  /** The revision of the stream's last record, or -1n when it has none. */
  lastRevision(streamName: string): bigint {
    return BigInt((this.#streams.get(streamName)?.length ?? 0) - 1);
  }

  /** The record at `revision` of a stream, if any (ignores truncation, as ESDB's commit checks do). */
  recordAt(streamName: string, revision: bigint): LogRecord | undefined {
    return this.#streams.get(streamName)?.[Number(revision)];
  }

  /** Where the id was last committed, per the idempotency cache. */
  committedId(id: string): { readonly streamName: string; readonly revision: bigint } | undefined {
    return this.#committedIds.get(id);
  }

  /** Appends records at the end of a stream, positions in log order. No checks: the caller made them. */
  write(streamName: string, proposed: ReadonlyArray<ProposedRecord>): LogRecord[] {
    const stream = this.#streams.get(streamName) ?? [];
    this.#streams.set(streamName, stream);
    const created = EPOCH_TICKS + BigInt(this.now()) * 10_000n;
    return proposed.map((record) => {
      const stored: LogRecord = {
        ...record,
        streamName,
        revision: BigInt(stream.length),
        position: this.#nextPosition,
        created,
      };
      this.#nextPosition += RECORD_OVERHEAD + BigInt(record.data.length + record.metadata.length);
      stream.push(stored);
      this.#records.push(stored);
      this.#committedIds.set(record.id, { streamName, revision: stored.revision });
      return stored;
    });
  }

  /** The first revision still readable: ESDB hides records beyond `$maxCount` (and before `$tb`). */
  firstVisibleRevision(streamName: string): bigint {
    const meta = this.#streams.get(metastreamOf(streamName))?.at(-1);
    if (meta === undefined) return 0n;
    let settings: { $maxCount?: unknown; $tb?: unknown };
    try {
      settings = JSON.parse(Buffer.from(meta.data).toString("utf8")) as typeof settings;
    } catch {
      return 0n;
    }
    const last = this.lastRevision(streamName);
    const byCount = typeof settings.$maxCount === "number" ? last + 1n - BigInt(settings.$maxCount) : 0n;
    const byTb = typeof settings.$tb === "number" ? BigInt(settings.$tb) : 0n;
    return [byCount, byTb, 0n].reduce((a, b) => (a > b ? a : b));
  }

  /** True when the stream has records (truncated or not): ESDB then reads it as existing. */
  exists(streamName: string): boolean {
    return this.lastRevision(streamName) >= 0n;
  }

  /** A stream's readable records forwards from `from` (inclusive), at most `count`. */
  readForwards(streamName: string, from: bigint, count: number): LogRecord[] {
    const stream = this.#streams.get(streamName) ?? [];
    const start = Number(
      from > this.firstVisibleRevision(streamName) ? from : this.firstVisibleRevision(streamName),
    );
    return stream.slice(start, start + count);
  }

  /** A stream's readable records backwards from `from` (inclusive), at most `count`. */
  readBackwards(streamName: string, from: bigint, count: number): LogRecord[] {
    const stream = this.#streams.get(streamName) ?? [];
    const first = Number(this.firstVisibleRevision(streamName));
    const end = Math.min(Number(from), stream.length - 1);
    const result: LogRecord[] = [];
    for (let i = end; i >= first && result.length < count; i--) result.push(stream[i] as LogRecord);
    return result;
  }

  /** `$all` forwards from `position` (inclusive), at most `count`; truncated records stay until a scavenge. */
  readAllForwards(position: bigint, count: number): LogRecord[] {
    const start = this.#firstAtOrAfter(position);
    return this.#records.slice(start, start + count);
  }

  /** `$all` backwards from before `position` (exclusive, as ESDB reads backwards), at most `count`. */
  readAllBackwards(position: bigint, count: number): LogRecord[] {
    const end = this.#firstAtOrAfter(position);
    return this.#records.slice(Math.max(0, end - count), end).reverse();
  }

  /** Position just past the end of the log. */
  get endPosition(): bigint {
    return this.#nextPosition;
  }

  #firstAtOrAfter(position: bigint): number {
    let low = 0;
    let high = this.#records.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.#records[mid] as LogRecord).position < position) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
