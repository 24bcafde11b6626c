import type { AppleErrorCode } from "../errors.js";

/** How the client retries one call. */
export interface RetryPolicy {
  /** HTTP attempts per call, first one included (default 5). */
  readonly maxAttempts: number;
  /** First backoff step (default 1 s); doubles each retry. */
  readonly baseDelayMs: number;
  /** Largest backoff step (default 60 s). */
  readonly maxDelayMs: number;
}

/** Defaults: five attempts, 1 s doubling to at most 60 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 60_000 };

/** Codes worth another attempt within the same call. */
export const RETRY_WITHIN_CALL: ReadonlySet<AppleErrorCode> = new Set<AppleErrorCode>([
  "throttled",
  "unavailable",
  "server-error",
  "transport",
]);

/**
 * Exponential backoff with "equal jitter": half the step is fixed so a throttled client always slows down,
 * half is random so clients throttled together do not retry in lockstep.
 */
export const backoffDelay = (policy: RetryPolicy, retry: number, random: () => number): number => {
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return step / 2 + random() * (step / 2);
};

/**
 * The wait before the next attempt. Apple's `Retry-After` is a floor that is always honoured (ignoring it can
 * get an account suspended); on throttling the backoff applies too, whichever is longer.
 */
export const retryDelay = (
  policy: RetryPolicy,
  code: AppleErrorCode,
  retry: number,
  retryAfterMs: number | undefined,
  random: () => number,
): number => {
  const backoff = backoffDelay(policy, retry, random);
  if (retryAfterMs === undefined) return backoff;
  return code === "throttled" ? Math.max(retryAfterMs, backoff) : retryAfterMs + random() * 250;
};

/** Parses `Retry-After` (delta-seconds or an HTTP date) into milliseconds from `now`; undefined if absent. */
export const parseRetryAfter = (header: string | null, now: number): number | undefined => {
  if (header === null || header.trim() === "") return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
};
