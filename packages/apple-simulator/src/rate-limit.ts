/**
 * Apple's per-sToken request rate limit (`maxRequestPerSecond`), as a sliding one-second window: a request is
 * refused when the key already made `limit` accepted requests within the last second. Refused requests do not
 * count, so a client that backs off recovers.
 */
export class SlidingWindowRateLimiter {
  private readonly hits = new Map<string, number[]>();

  constructor(
    private readonly limit: () => number,
    private readonly windowMs = 1000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Counts a request for `key` and says whether it is allowed. */
  tryAcquire(key: string): boolean {
    const now = this.now();
    const recent = (this.hits.get(key) ?? []).filter((at) => at > now - this.windowMs);
    const allowed = recent.length < this.limit();
    if (allowed) recent.push(now);
    this.hits.set(key, recent);
    return allowed;
  }
}
