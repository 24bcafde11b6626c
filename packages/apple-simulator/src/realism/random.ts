/**
 * A seeded pseudo-random source (mulberry32), so a realistic run is reproducible: the same seed and the same
 * sequence of requests give the same delays, failures and churn.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** The next number in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** True with probability `rate` (0 never draws, so a zero rate does not shift the sequence). */
  chance(rate: number): boolean {
    if (rate <= 0) return false;
    return this.next() < rate;
  }

  /** A whole number in [min, max]. */
  between(range: readonly [number, number]): number {
    const [min, max] = range;
    if (max <= min) return min;
    return Math.floor(min + this.next() * (max - min + 1));
  }
}
