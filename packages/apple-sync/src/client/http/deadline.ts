import { AppleApiError } from "../errors.js";

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
