/** One API request as the simulator saw it. The token is only ever named by its fingerprint. */
export interface RequestLogEntry {
  readonly method: string;
  /** API path relative to the base URL, e.g. `assets` or `assets/associate`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Arrival time, epoch milliseconds (real clock). */
  readonly at: number;
  readonly durationMs: number;
  /** SHA-256 prefix of the bearer token, when one was sent. */
  readonly tokenFingerprint: string | undefined;
  readonly status: number;
}

/** Requests being served at once, now and at the peak. */
export interface InFlightStats {
  readonly current: number;
  readonly max: number;
}

const ALL = "*";

/** The request log plus per-path concurrency counters, for asserting a client's rate and parallelism. */
export class RequestLog {
  readonly entries: RequestLogEntry[] = [];
  private readonly inFlight = new Map<string, { current: number; max: number }>();

  /** Counts a request as started. */
  begin(path: string): void {
    for (const key of [ALL, path]) {
      const stats = this.inFlight.get(key) ?? { current: 0, max: 0 };
      stats.current += 1;
      stats.max = Math.max(stats.max, stats.current);
      this.inFlight.set(key, stats);
    }
  }

  /** Counts a request as finished and records it. */
  end(path: string, entry: RequestLogEntry): void {
    for (const key of [ALL, path]) {
      const stats = this.inFlight.get(key);
      if (stats !== undefined) stats.current -= 1;
    }
    this.entries.push(entry);
  }

  /** Concurrency for one path, or across all paths. */
  stats(path?: string): InFlightStats {
    const stats = this.inFlight.get(path ?? ALL);
    return { current: stats?.current ?? 0, max: stats?.max ?? 0 };
  }

  /** Requests served per endpoint, keyed `"<METHOD> <path>"` (e.g. `"POST assets/associate"`), since the last clear. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const entry of this.entries) {
      const key = `${entry.method} ${entry.path}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  /** Forgets the log and the peaks (current counts stay true). */
  clear(): void {
    this.entries.length = 0;
    for (const stats of this.inFlight.values()) stats.max = stats.current;
  }
}
