import type { Clock } from "../clock.js";

/** Ends a request admitted by {@link RequestRateLimiter.acquire}: call it once the response is in (or failed). */
export type ReleaseSlot = () => void;

/** One token's request slots: what a call waits on before each HTTP attempt. */
export interface RequestSlots {
  /**
   * Waits until one more request may be sent and takes its slot; resolves with the function that returns it,
   * or with undefined, without waiting, if the slot could open only after `deadline` (epoch ms).
   */
  acquire(maxPerWindow: number, deadline: number, signal?: AbortSignal): Promise<ReleaseSlot | undefined>;
}

/**
 * Apple's request budget per token (`maxRequestPerSecond` is per location and sToken). In one process,
 * {@link RateLimiterRegistry}; across host processes sharing a token, one backed by a shared database
 * (`PostgresAppleBudget` in `@vpp-ledger/eventstore-postgres` implements this shape).
 */
export interface RequestBudget {
  /** The slots of the token with this fingerprint (`sha256:…`, never the token). */
  forToken(fingerprint: string): RequestSlots;
}

/**
 * Keeps one sToken's requests under Apple's `maxRequestPerSecond`, measured as Apple measures it: by arrival
 * at the server, which the client cannot see. It is a token bucket with one token per allowed request per
 * window, where a token comes back only one window after its request *finished*. Arrival lies between our
 * send and our receipt of the response, so any window of Apple's contains at most `limit` arrivals however
 * network latency shifts them. (A classic bucket refilled at a steady rate admits capacity + rate requests in
 * one second, and counting from the send lets a delayed request land in the next second's window.)
 */
export class RequestRateLimiter implements RequestSlots {
  readonly #clock: Clock;
  readonly #windowMs: number;
  /** Requests sent and not yet answered. */
  #active = 0;
  /** Finish times of recent requests, oldest first. */
  readonly #finished: number[] = [];
  #released: { promise: Promise<void>; resolve: () => void } = RequestRateLimiter.#signal();

  constructor(clock: Clock, windowMs = 1_010) {
    this.#clock = clock;
    this.#windowMs = windowMs;
  }

  static #signal() {
    let resolve = () => {};
    const promise = new Promise<void>((done) => {
      resolve = done;
    });
    return { promise, resolve };
  }

  /**
   * Waits until one more request may be sent and takes its slot. Resolves with the function that returns the
   * slot, or with undefined, without waiting, if the slot could open only after `deadline`.
   */
  async acquire(
    maxPerWindow: number,
    deadline: number,
    signal?: AbortSignal,
  ): Promise<ReleaseSlot | undefined> {
    const limit = Math.max(1, Math.floor(maxPerWindow));
    for (;;) {
      signal?.throwIfAborted();
      const now = this.#clock.now();
      while (this.#finished.length > 0 && (this.#finished[0] ?? 0) <= now - this.#windowMs)
        this.#finished.shift();
      if (this.#active + this.#finished.length < limit) {
        this.#active++;
        return this.#releaser();
      }
      if (this.#active >= limit) {
        await this.#released.promise;
        continue;
      }
      const mustExpire = this.#active + this.#finished.length - limit + 1;
      const opensAt = (this.#finished[mustExpire - 1] ?? now) + this.#windowMs;
      if (opensAt > deadline) return undefined;
      await this.#clock.sleep(opensAt - now, signal);
    }
  }

  #releaser(): ReleaseSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#active--;
      this.#finished.push(this.#clock.now());
      const current = this.#released;
      this.#released = RequestRateLimiter.#signal();
      current.resolve();
    };
  }
}

/**
 * One {@link RequestRateLimiter} per token fingerprint. Share one registry between clients that may use the
 * same token so together they stay under Apple's limit.
 */
export class RateLimiterRegistry implements RequestBudget {
  readonly #clock: Clock;
  readonly #limiters = new Map<string, RequestRateLimiter>();
  readonly #windowMs: number | undefined;

  constructor(clock: Clock, windowMs?: number) {
    this.#clock = clock;
    this.#windowMs = windowMs;
  }

  /** The limiter of the token with this fingerprint. */
  forToken(fingerprint: string): RequestRateLimiter {
    let limiter = this.#limiters.get(fingerprint);
    if (!limiter) {
      limiter = new RequestRateLimiter(this.#clock, this.#windowMs);
      this.#limiters.set(fingerprint, limiter);
    }
    return limiter;
  }
}
