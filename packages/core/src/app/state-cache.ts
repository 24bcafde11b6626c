/** A state the process already folded, at a stream version. */
interface CachedState {
  readonly aggregate: string;
  readonly version: bigint;
  readonly state: unknown;
}

/**
 * Keeps the latest folded state of recently used streams in memory, so a busy stream is loaded from the cache plus
 * the few events other writers appended since, instead of decoding a snapshot on every command (a large account's
 * snapshot costs milliseconds to decode). States are immutable, so sharing them is safe. A cache entry is only a
 * starting point: the events after it are always read, so other processes' writes are never missed.
 */
export class AggregateStateCache {
  readonly #entries = new Map<string, CachedState>();

  /** @param maxEntries streams kept, least recently used evicted first (default 1,000). */
  constructor(private readonly maxEntries = 1_000) {
    if (!Number.isSafeInteger(maxEntries) || maxEntries < 1)
      throw new RangeError("maxEntries must be a positive integer");
  }

  /** The cached state of a stream for this aggregate, if any. */
  get<S>(aggregate: string, streamId: string): { readonly state: S; readonly version: bigint } | undefined {
    const entry = this.#entries.get(streamId);
    if (!entry || entry.aggregate !== aggregate) return undefined;
    this.#entries.delete(streamId);
    this.#entries.set(streamId, entry);
    return { state: entry.state as S, version: entry.version };
  }

  /** Remembers a state; an older version never replaces a newer one. */
  set(aggregate: string, streamId: string, version: bigint, state: unknown): void {
    const current = this.#entries.get(streamId);
    if (current && current.aggregate === aggregate && current.version > version) return;
    this.#entries.delete(streamId);
    this.#entries.set(streamId, { aggregate, version, state });
    if (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  /** Forgets a stream (e.g. after a conflict that proved the cache ahead of the store). */
  delete(streamId: string): void {
    this.#entries.delete(streamId);
  }

  /** Streams currently cached. */
  get size(): number {
    return this.#entries.size;
  }
}
