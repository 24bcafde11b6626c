import { AppleApiError } from "../errors.js";
import type { CallerContext } from "./call-spec.js";

/** The call ran out of time. Carries the last Apple error (and its Retry-After) as `cause`. */
export const deadlineExceeded = (
  endpoint: string,
  deadlineMs: number,
  attempts: number,
  last: AppleApiError | undefined,
  when: string,
): AppleApiError =>
  new AppleApiError(
    "deadline-exceeded",
    `${endpoint} did not finish within its ${deadlineMs} ms deadline (${attempts} attempt(s), gave up ` +
      `${when})${last ? `; last error: ${last.message}` : ""}: retry later or allow a longer deadline`,
    {
      endpoint,
      attempts,
      ...(last?.retryAfterMs === undefined ? {} : { retryAfterMs: last.retryAfterMs }),
      ...(last ? { cause: last } : {}),
    },
  );

/**
 * Apple asked for a wait (`Retry-After`) longer than what is left of the call's deadline. The call gives up
 * now rather than sleeping into its deadline: the error keeps Apple's code (retryable) and `retryAfterMs`,
 * and its message says when to retry; the observer is told with `retry-deferred`.
 */
export const retryAfterBeyondDeadline = (
  ctx: Pick<CallerContext, "clock" | "observer">,
  error: AppleApiError,
  leftMs: number,
): AppleApiError => {
  const retryAfterMs = error.retryAfterMs ?? 0;
  const endpoint = error.endpoint ?? "the call";
  const retryAt = new Date(ctx.clock.now() + retryAfterMs).toISOString();
  ctx.observer?.({ type: "retry-deferred", endpoint, retryAfterMs, leftMs: Math.max(0, Math.floor(leftMs)) });
  return new AppleApiError(
    error.code,
    `${error.message}; Apple's wait is longer than the ${Math.max(0, Math.floor(leftMs))} ms left of this ` +
      `call's deadline, so it was not retried within the call: retry after ${retryAt}`,
    {
      endpoint,
      retryAfterMs,
      ...(error.httpStatus === undefined ? {} : { httpStatus: error.httpStatus }),
      ...(error.errorNumber === undefined ? {} : { errorNumber: error.errorNumber }),
      ...(error.errorMessage === undefined ? {} : { errorMessage: error.errorMessage }),
      ...(error.attempts === undefined ? {} : { attempts: error.attempts }),
      cause: error,
    },
  );
};
