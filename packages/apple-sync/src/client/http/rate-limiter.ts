import type { Clock } from "../clock.js";

/**
 * Keeps request starts per sToken under Apple's `maxRequestPerSecond`. It is a token bucket in which each
 * token comes back exactly one window after it was spent, rather than trickling back at a steady rate: a
 * classic bucket of capacity C refilled at R/s admits C + R requests in one second, which would break Apple's
 * per-second limit. The window is 1 s plus a margin that absorbs network jitter between our clock and
 * Apple's.
 */
export class RequestRateLimiter {
  readonly #clock: Clock;
  readonly #windowMs: number;
  /** Start times of the most recent requests, oldest first. */
  readonly #starts: number[] = [];

  constructor(clock: Clock, windowMs = 1_050) {
    this.#clock = clock;
    this.#windowMs = windowMs;
  }

  /**
   * Waits until one more request may start, then records it. Resolves with false, without waiting, if the
   * slot would open only after `deadline`.
   */
  async acquire(maxPerWindow: number, deadline: number, signal?: AbortSignal): Promise<boolean> {
    const limit = Math.max(1, Math.floor(maxPerWindow));
    for (;;) {
      const now = this.#clock.now();
      while (this.#starts.length > 0 && (this.#starts[0] ?? 0) <= now - this.#windowMs) this.#starts.shift();
      if (this.#starts.length < limit) {
        this.#starts.push(now);
        return true;
      }
      const opensAt = (this.#starts[this.#starts.length - limit] ?? now) + this.#windowMs;
      if (opensAt > deadline) return false;
      await this.#clock.sleep(opensAt - now, signal);
    }
  }
}

/**
 * One {@link RequestRateLimiter} per token fingerprint. Share one registry between clients that may use the
 * same token so together they stay under Apple's limit.
 */
export class RateLimiterRegistry {
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
