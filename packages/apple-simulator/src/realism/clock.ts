/**
 * Simulated time for the realistic mode. Apple's delays are seconds to minutes; a `timeScale` runs them faster
 * (1000: a 60 s pending operation takes 60 ms), and a manual clock runs nothing until a test advances it.
 */

/** Cancels a scheduled callback. */
export type Cancel = () => void;

/** Where the simulator's time-based work (operation completion, notification delivery) is scheduled. */
export interface SimClock {
  /** Simulated milliseconds since the simulator started. */
  elapsedMs(): number;
  /** Runs `callback` once `delayMs` simulated milliseconds have passed. */
  schedule(delayMs: number, callback: () => void): Cancel;
  /** Manual clock: moves time on and runs what fell due, in time order. Scaled clock: refused. */
  advance(ms: number): Promise<void>;
  /** Cancels everything scheduled. */
  dispose(): void;
}

/** Thrown when a scaled clock is asked to advance; `code` is stable. */
export class ClockError extends Error {
  /** Stable code for programmatic handling. */
  readonly code = "SIM_CLOCK_NOT_MANUAL";
  override readonly name = "ClockError";
}

/** Real time, sped up by `timeScale`. */
export class ScaledClock implements SimClock {
  private readonly startedAt = Date.now();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly timeScale: number) {}

  elapsedMs(): number {
    return (Date.now() - this.startedAt) * this.timeScale;
  }

  schedule(delayMs: number, callback: () => void): Cancel {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      callback();
    }, delayMs / this.timeScale);
    this.timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.timers.delete(timer);
    };
  }

  advance(_ms: number): Promise<void> {
    return Promise.reject(
      new ClockError(
        "advanceTime needs realism.clock: 'manual'; this simulator runs on a scaled real clock.",
      ),
    );
  }

  dispose(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}

interface Due {
  readonly at: number;
  readonly seq: number;
  readonly callback: () => void;
}

/** Time that moves only when a test calls {@link advance}. */
export class ManualClock implements SimClock {
  private now = 0;
  private seq = 0;
  private due: Due[] = [];

  elapsedMs(): number {
    return this.now;
  }

  schedule(delayMs: number, callback: () => void): Cancel {
    const entry: Due = { at: this.now + Math.max(0, delayMs), seq: this.seq++, callback };
    this.due.push(entry);
    return () => {
      this.due = this.due.filter((other) => other !== entry);
    };
  }

  async advance(ms: number): Promise<void> {
    if (!(ms >= 0)) throw new ClockError(`advanceTime needs a number of ms >= 0, got ${ms}.`);
    const target = this.now + ms;
    for (;;) {
      const next = this.due
        .filter((entry) => entry.at <= target)
        .sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (next === undefined) break;
      this.due = this.due.filter((entry) => entry !== next);
      this.now = next.at;
      next.callback();
      // Let promise chains the callback started (notification posts) take their next step.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.now = target;
  }

  dispose(): void {
    this.due = [];
  }
}
