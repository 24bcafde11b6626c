/**
 * Attempts of a command before it gives up on a busy stream (`maxAttempts` unless given). Ten, not three: with a
 * back-off between them, an attempt lost to another process costs a few milliseconds of waiting, while giving up
 * costs the caller a whole new request; ten attempts wait about 130 ms in all on average.
 */
export const DEFAULT_MAX_ATTEMPTS = 10;

/**
 * Waits before the next attempt after `conflicts` consecutive conflicts on a stream (1 after the first). The
 * command handler calls it between attempts; it must not throw.
 */
export type RetryBackoff = (conflicts: number) => Promise<void>;

/** Options of {@link jitteredBackoff}. */
export interface JitteredBackoffOptions {
  /** Upper bound of the first wait, in milliseconds; doubles with every further conflict. 2 ms. */
  readonly baseMs?: number;
  /** Upper bound of any wait, in milliseconds. 50 ms. */
  readonly maxMs?: number;
  /** A number in [0, 1); `Math.random` unless given (tests pass a seeded one). */
  readonly random?: () => number;
  /** How to wait; a timer unless given (tests pass a fake). */
  readonly sleep?: (ms: number) => Promise<void>;
}

const timer = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * "Full jitter" exponential back-off: wait a uniformly random time in [0, min(maxMs, baseMs · 2^(conflicts-1))).
 * Writers that lost the same race then retry at different moments instead of colliding again at once (the
 * immediate retry made 16 writers spin on one stream); the small base keeps an occasional conflict cheap, since
 * an append on a server takes a few milliseconds.
 */
export const jitteredBackoff = (options: JitteredBackoffOptions = {}): RetryBackoff => {
  const baseMs = options.baseMs ?? 2;
  const maxMs = options.maxMs ?? 50;
  if (!(baseMs >= 0) || !(maxMs >= baseMs)) {
    throw new RangeError(`back-off needs 0 <= baseMs <= maxMs, got ${baseMs} and ${maxMs}`);
  }
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? timer;
  return (conflicts) => {
    const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, conflicts - 1));
    return sleep(random() * ceiling);
  };
};

/** Retries at once: the behaviour before back-off, for tests that count attempts and want no timers. */
export const noBackoff: RetryBackoff = async () => {};
