/**
 * Which streams recently met another process's writes, beyond the life of their lanes: a hot pool's lane ends
 * whenever its queue runs dry for a moment, and forgetting the contention then would cost one more lost race per
 * burst before the stream lock is taken again. A conflict marks the stream for the next `batches` batches; each
 * batch run under the lock uses one (under the lock no conflict can tell that contention ended, so it decays).
 * Bounded: past `maxStreams` the stream marked longest ago is forgotten.
 */
export class ContentionMemory {
  readonly #remaining = new Map<string, number>();

  constructor(
    private readonly batches = 256,
    private readonly maxStreams = 1_024,
  ) {}

  /** A conflict on `key`: take the lock for its next batches. */
  conflicted(key: string): void {
    this.#remaining.delete(key);
    this.#remaining.set(key, this.batches);
    if (this.#remaining.size > this.maxStreams) {
      const oldest = this.#remaining.keys().next().value;
      if (oldest !== undefined) this.#remaining.delete(oldest);
    }
  }

  /** Whether the next batch of `key` should take the lock; counts that batch. */
  takeLock(key: string): boolean {
    const left = this.#remaining.get(key);
    if (left === undefined) return false;
    if (left <= 1) this.#remaining.delete(key);
    else this.#remaining.set(key, left - 1);
    return true;
  }
}
