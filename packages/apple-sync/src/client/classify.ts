import { AppleApiError, type AppleErrorCode, type AppleErrorDetails } from "./errors.js";

const CODE_BY_ERROR_NUMBER: ReadonlyMap<number, AppleErrorCode> = new Map<number, AppleErrorCode>([
  [9601, "unauthorized"],
  [9622, "unauthorized"],
  [9722, "unauthorized"],
  [9621, "token-expired"],
  [9625, "token-revoked"],
  [9637, "forbidden"],
  [9647, "forbidden"],
  [9646, "throttled"],
  [9729, "unavailable"],
  [9644, "unavailable"],
  [9603, "server-error"],
  [9709, "not-enough-licenses"],
]);

/**
 * The stable code for an Apple failure. Apple's `errorNumber` wins over the HTTP status because Apple answers
 * some failures (an invalid token) with HTTP 200 and an error body.
 */
export const classifyAppleFailure = (httpStatus: number, errorNumber: number | undefined): AppleErrorCode => {
  const byNumber = errorNumber === undefined ? undefined : CODE_BY_ERROR_NUMBER.get(errorNumber);
  if (byNumber) return byNumber;
  if (httpStatus === 429) return "throttled";
  if (httpStatus === 503) return "unavailable";
  if (httpStatus >= 500) return "server-error";
  if (httpStatus === 401) return "unauthorized";
  if (httpStatus === 403) return "forbidden";
  return "invalid-request";
};

const ADVICE: Readonly<Record<AppleErrorCode, string>> = {
  unauthorized:
    "Apple rejected the content token: check that the account holds the sToken downloaded for this location, " +
    "or upload a renewed token",
  "token-expired":
    "the content token has expired: download a new one from Apple Business Manager or Apple School Manager " +
    "(Settings > Payments and Billing > Apps and Books) and upload the renewed token",
  "token-revoked":
    "Apple revoked the content token (it was regenerated, or the account that downloaded it changed its " +
    "password): upload a renewed token",
  "token-missing": "no content token is stored for this account: upload the location's .vpptoken file",
  forbidden:
    "the token may not do this (read-only content manager or facilitator account): use a token downloaded by " +
    "a content manager allowed to manage licenses",
  throttled: "Apple is throttling this location (too many requests): slow down and retry later",
  unavailable: "Apple's service is temporarily unavailable: retry later",
  "server-error": "Apple had an internal error: retry later",
  "not-enough-licenses":
    "not enough licenses are available: buy more in Apple Business Manager or reclaim unused ones",
  "invalid-request": "Apple rejected the request as invalid: fix it, sending it unchanged will fail again",
  "malformed-response": "Apple's response could not be understood",
  transport: "Apple could not be reached: check network access to the Apple endpoint",
  "deadline-exceeded": "the call did not finish in time: retry later or allow a longer deadline",
  "mdm-conflict": "another MDM holds this location",
  "walk-unstable": "the data kept changing while paging: retry later",
  "event-still-pending": "the event is still pending: re-send the request",
  "batch-partially-submitted": "part of the batch was submitted: re-send only the unsent part",
};

/** What a host should do about an error of this code, in one sentence. */
export const adviceFor = (code: AppleErrorCode): string => ADVICE[code];

/** Builds the typed error for an Apple error response (HTTP error status or `errorNumber` in the body). */
export const appleFailure = (
  httpStatus: number,
  details: AppleErrorDetails & { readonly endpoint: string },
): AppleApiError => {
  const code = classifyAppleFailure(httpStatus, details.errorNumber);
  const apple =
    details.errorNumber === undefined
      ? `HTTP ${httpStatus}`
      : `HTTP ${httpStatus}, errorNumber ${details.errorNumber}${details.errorMessage ? ` "${details.errorMessage}"` : ""}`;
  const wait =
    details.retryAfterMs === undefined ? "" : ` (Apple asked to wait ${details.retryAfterMs / 1000} s)`;
  const tries = details.attempts && details.attempts > 1 ? ` after ${details.attempts} attempts` : "";
  return new AppleApiError(
    code,
    `${details.endpoint} failed${tries} (${apple}): ${ADVICE[code]}${wait}`,
    details,
  );
};
