/**
 * The realistic mode's settings: how long async operations stay PENDING, how notifications misbehave, which async
 * failures Apple reports, and how often data churns during paging. `"realistic"` is one preset; an object
 * overrides single settings of a preset.
 */

/** Async failure codes the realistic mode can report per item: transient (9603, 9644) and refusal (9709). */
export type InjectedAsyncFailure = 9603 | 9644 | 9709;

/** Fine-grained realism settings; every field is optional and overrides the chosen preset. */
export interface RealismOptions {
  /** Starting point for the other fields (default "realistic"). */
  readonly preset?: "realistic" | "instant";
  /** Seed of the random source: the same seed and requests give the same run (default 1). */
  readonly seed?: number;
  /** Simulated milliseconds per real millisecond (default 1; 1000 runs a 60 s wait in 60 ms). */
  readonly timeScale?: number;
  /** "scaled" real time (default) or "manual": nothing time-based happens until `sim.advanceTime(ms)`. */
  readonly clock?: "scaled" | "manual";
  /** How long an accepted async operation stays PENDING, in simulated ms (realistic: 5–60 s). */
  readonly operationPendingMs?: readonly [number, number];
  /** Simulated delay before a notification's first delivery attempt (realistic: 1–60 s). */
  readonly notificationDelayMs?: readonly [number, number];
  /** Simulated waits between Apple's up-to-3 attempts (realistic: 60 s, 120 s: within Apple's 1–5 minutes). */
  readonly notificationRetryDelaysMs?: readonly number[];
  /** Share of notifications delivered twice with the same notificationId (realistic 0.05). */
  readonly notificationDuplicateRate?: number;
  /** Share of notifications never sent at all (realistic 0.05). */
  readonly notificationDropRate?: number;
  /** Share of async items (asset × target, or user) that fail with each code (realistic 0.01 each). */
  readonly asyncFailureRates?: Readonly<Partial<Record<InjectedAsyncFailure, number>>>;
  /** Share of paged reads past the first page before which another MDM writes (realistic 0.2). */
  readonly pagingChurnRate?: number;
  /**
   * Share of API requests answered HTTP 503 + 9729 with `Retry-After` before any work is done (default 0 in both
   * presets: opt in to exercise a client's retries).
   */
  readonly unavailableRate?: number;
  /** The `Retry-After` seconds of those answers (default 1). */
  readonly unavailableRetryAfterSeconds?: number;
}

/** Realism with every field decided. */
export interface ResolvedRealism {
  readonly seed: number;
  readonly timeScale: number;
  readonly clock: "scaled" | "manual";
  readonly operationPendingMs: readonly [number, number] | undefined;
  readonly notificationDelayMs: readonly [number, number];
  readonly notificationRetryDelaysMs: readonly number[] | undefined;
  readonly notificationDuplicateRate: number;
  readonly notificationDropRate: number;
  readonly asyncFailureRates: Readonly<Record<InjectedAsyncFailure, number>>;
  readonly pagingChurnRate: number;
  readonly unavailableRate: number;
  readonly unavailableRetryAfterSeconds: number;
}

/** Thrown for a realism setting that cannot work; `code` is stable and the message names the field. */
export class RealismOptionsError extends Error {
  /** Stable code for programmatic handling. */
  readonly code = "SIMULATOR_INVALID_REALISM";
  override readonly name = "RealismOptionsError";
}

const REALISTIC: ResolvedRealism = {
  seed: 1,
  timeScale: 1,
  clock: "scaled",
  operationPendingMs: [5_000, 60_000],
  notificationDelayMs: [1_000, 60_000],
  notificationRetryDelaysMs: [60_000, 120_000],
  notificationDuplicateRate: 0.05,
  notificationDropRate: 0.05,
  asyncFailureRates: { 9603: 0.01, 9644: 0.01, 9709: 0.01 },
  pagingChurnRate: 0.2,
  unavailableRate: 0,
  unavailableRetryAfterSeconds: 1,
};

/** The instant mode: nothing waits, nothing fails unless asked. */
export const INSTANT_REALISM: ResolvedRealism = {
  ...REALISTIC,
  operationPendingMs: undefined,
  notificationDelayMs: [0, 0],
  notificationRetryDelaysMs: undefined,
  notificationDuplicateRate: 0,
  notificationDropRate: 0,
  asyncFailureRates: { 9603: 0, 9644: 0, 9709: 0 },
  pagingChurnRate: 0,
};

const rate = (name: string, value: number | undefined, fallback: number): number => {
  const resolved = value ?? fallback;
  if (!(resolved >= 0 && resolved <= 1)) {
    throw new RealismOptionsError(`realism.${name} must be a share between 0 and 1, got ${String(value)}.`);
  }
  return resolved;
};

const range = (
  name: string,
  value: readonly [number, number] | undefined,
  fallback: readonly [number, number],
): readonly [number, number] => {
  const resolved = value ?? fallback;
  const [min, max] = resolved;
  if (!(Array.isArray(resolved) && min >= 0 && max >= min)) {
    throw new RealismOptionsError(`realism.${name} must be [min, max] ms with 0 <= min <= max.`);
  }
  return resolved;
};

/** Resolves the `realism` option of the simulator, rejecting impossible values with the field to fix. */
export const resolveRealism = (
  option: "realistic" | "instant" | RealismOptions | undefined,
): ResolvedRealism => {
  if (option === undefined || option === "instant") return INSTANT_REALISM;
  if (option === "realistic") return REALISTIC;
  const base = option.preset === "instant" ? INSTANT_REALISM : REALISTIC;
  const timeScale = option.timeScale ?? base.timeScale;
  if (!(timeScale > 0)) throw new RealismOptionsError(`realism.timeScale must be > 0, got ${timeScale}.`);
  const clock = option.clock ?? base.clock;
  if (clock !== "scaled" && clock !== "manual") {
    throw new RealismOptionsError(`realism.clock must be "scaled" or "manual", got ${String(clock)}.`);
  }
  const failures = option.asyncFailureRates ?? {};
  const asyncFailureRates = {
    9603: rate("asyncFailureRates.9603", failures[9603], base.asyncFailureRates[9603]),
    9644: rate("asyncFailureRates.9644", failures[9644], base.asyncFailureRates[9644]),
    9709: rate("asyncFailureRates.9709", failures[9709], base.asyncFailureRates[9709]),
  };
  if (asyncFailureRates[9603] + asyncFailureRates[9644] + asyncFailureRates[9709] > 1) {
    throw new RealismOptionsError("realism.asyncFailureRates must add up to at most 1.");
  }
  const retries = option.notificationRetryDelaysMs ?? base.notificationRetryDelaysMs;
  if (retries !== undefined && !retries.every((ms) => ms >= 0)) {
    throw new RealismOptionsError("realism.notificationRetryDelaysMs must be numbers >= 0.");
  }
  const pending = option.operationPendingMs ?? base.operationPendingMs;
  const retryAfter = option.unavailableRetryAfterSeconds ?? base.unavailableRetryAfterSeconds;
  if (!(Number.isInteger(retryAfter) && retryAfter >= 0)) {
    throw new RealismOptionsError(
      `realism.unavailableRetryAfterSeconds must be a whole number >= 0, got ${retryAfter}.`,
    );
  }
  return {
    seed: option.seed ?? base.seed,
    timeScale,
    clock,
    operationPendingMs: pending === undefined ? undefined : range("operationPendingMs", pending, pending),
    notificationDelayMs: range("notificationDelayMs", option.notificationDelayMs, base.notificationDelayMs),
    notificationRetryDelaysMs: retries,
    notificationDuplicateRate: rate(
      "notificationDuplicateRate",
      option.notificationDuplicateRate,
      base.notificationDuplicateRate,
    ),
    notificationDropRate: rate(
      "notificationDropRate",
      option.notificationDropRate,
      base.notificationDropRate,
    ),
    asyncFailureRates,
    pagingChurnRate: rate("pagingChurnRate", option.pagingChurnRate, base.pagingChurnRate),
    unavailableRate: rate("unavailableRate", option.unavailableRate, base.unavailableRate),
    unavailableRetryAfterSeconds: retryAfter,
  };
};
