/**
 * Serialises the batches of one stream across processes: while one process holds a stream's lock, the others'
 * batches for it wait instead of loading, deciding and appending only to lose the expected-version race. An
 * optimisation only: correctness never depends on it (the append's expected version still decides), so a lock
 * that fails to be taken is skipped. The PostgreSQL adapter offers one over advisory locks.
 */
export interface StreamLock {
  /**
   * Resolves once this process holds `streamId`'s lock, with the function that releases it (called exactly
   * once, also when the batch failed). May reject: the batch then runs without the lock.
   */
  acquire(streamId: string): Promise<() => Promise<void>>;
}

/** Takes `lock` for `streamId` around `work`, or runs `work` alone when the lock cannot be taken. */
export const underLock = async <T>(
  lock: StreamLock | undefined,
  streamId: string,
  work: () => Promise<T>,
): Promise<T> => {
  if (lock === undefined) return work();
  let release: (() => Promise<void>) | undefined;
  try {
    release = await lock.acquire(streamId);
  } catch {
    // The lock only saves wasted attempts; without it the expected version still keeps the stream right.
    return work();
  }
  try {
    return await work();
  } finally {
    await release().catch(() => undefined);
  }
};
