/**
 * Time as the client sees it. Injected so tests run retries, rate limits and polling without waiting, and so a
 * host can share one clock between the client and its scheduler.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason if it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The wall clock and real timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

/** A {@link Clock} whose time moves only when something sleeps; it records every sleep. */
export interface VirtualClock extends Clock {
  /** Every sleep requested, in milliseconds, in order. */
  readonly sleeps: ReadonlyArray<number>;
  /** Moves time forward without a sleep (time passing elsewhere). */
  advance(ms: number): void;
}

interface Timer {
  readonly at: number;
  readonly order: number;
  readonly wake: () => void;
}

/**
 * A deterministic clock for tests and simulations. Sleepers wait in a timer queue; once everything runnable
 * has run (a macrotask turn), time jumps to the earliest timer and wakes it alone. Retries, rate limits and
 * polling thus run in no wall time, and concurrent sleepers see time move as they would for real.
 */
export const createVirtualClock = (startMs = Date.UTC(2026, 0, 1)): VirtualClock => {
  let now = startMs;
  let order = 0;
  let pumping = false;
  const sleeps: number[] = [];
  const timers: Timer[] = [];
  const pump = () => {
    pumping = false;
    timers.sort((a, b) => a.at - b.at || a.order - b.order);
    const next = timers.shift();
    if (!next) return;
    now = Math.max(now, next.at);
    next.wake();
    if (timers.length > 0) schedule();
  };
  const schedule = () => {
    if (pumping) return;
    pumping = true;
    setImmediate(pump);
  };
  return {
    sleeps,
    now: () => now,
    advance: (ms) => {
      now += Math.max(0, ms);
    },
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(signal.reason);
          return;
        }
        sleeps.push(ms);
        const onAbort = () => {
          const index = timers.indexOf(timer);
          if (index >= 0) timers.splice(index, 1);
          reject(signal?.reason);
        };
        const timer: Timer = {
          at: now + Math.max(0, ms),
          order: order++,
          wake: () => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          },
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        timers.push(timer);
        schedule();
      }),
  };
};
