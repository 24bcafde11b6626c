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
  "operation-still-pending": "the Apple operation is still pending: re-send the request",
  "batch-partially-submitted": "part of the batch was submitted: re-send only the unsent part",
};

/** Advice that a number gives better than its code: 9634 is not a request to fix but a service that is gone. */
const ADVICE_BY_NUMBER: ReadonlyMap<number, string> = new Map([
  [
    9634,
    "Apple has discontinued this service: no retry or change of the request will make it work; " +
      "update vpp-ledger to a version that uses Apple's current endpoint",
  ],
]);

/**
 * What a host should do about an error of this code, in one sentence; pass Apple's `errorNumber` too when
 * known, for the numbers whose advice differs from their code's (9634, service discontinued).
 */
export const adviceFor = (code: AppleErrorCode, errorNumber?: number): string =>
  (errorNumber === undefined ? undefined : ADVICE_BY_NUMBER.get(errorNumber)) ?? ADVICE[code];

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
    `${details.endpoint} failed${tries} (${apple}): ${adviceFor(code, details.errorNumber)}${wait}`,
    details,
  );
};

/** An Apple operation the outbound delivery performs. */
export type DeliveryOperation = "associate" | "disassociate" | "create-user" | "retire-user";

/**
 * What the delivery does about a failure, whether Apple answered the request with it at once or reported it
 * later in an operation's `failures` or an ASSET_MANAGEMENT / USER_MANAGEMENT notification (one class for both):
 * - `transient`: Apple asks to try again later (9603, 9644, throttling, an outage): retried with back-off, and
 *   never undoes a license;
 * - `refusal`: Apple will not do it for this item (9709 not enough licenses, 9610 license not found, ...): an
 *   association is compensated; a disassociation stays pending, visible as drift, until Apple confirms or an
 *   admin acts;
 * - `done`: what was asked already holds (9716 user exists on create, 9609 unknown user on disassociate);
 * - `account`: the account may not manage licenses (token expired or revoked, rights, another MDM);
 * - `defect`: the request or the service is wrong (limits, duplicates, a discontinued endpoint): sending it
 *   unchanged fails again.
 */
export type DeliveryFailureClass = "transient" | "refusal" | "done" | "account" | "defect";

const TRANSIENT_NUMBERS = [9603, 9608, 9612, 9613, 9627, 9630, 9631, 9632, 9643, 9644, 9646, 9729];
const REFUSAL_NUMBERS = [9605, 9606, 9607, 9609, 9610, 9616, 9619, 9624, 9626, 9628, 9635, 9636, 9641, 9642];
const ACCOUNT_NUMBERS = [9601, 9611, 9621, 9622, 9625, 9629, 9633, 9637, 9647, 9722];
const REFUSAL_TOO = [9706, 9707, 9709, 9717];

const BASE_CLASS: ReadonlyMap<number, DeliveryFailureClass> = new Map<number, DeliveryFailureClass>([
  ...TRANSIENT_NUMBERS.map((n) => [n, "transient"] as const),
  ...[...REFUSAL_NUMBERS, ...REFUSAL_TOO].map((n) => [n, "refusal"] as const),
  ...ACCOUNT_NUMBERS.map((n) => [n, "account"] as const),
]);

/** Numbers that mean "already so" for one operation: repeating a request whose answer was lost lands here. */
const DONE_BY_OPERATION: Readonly<Record<DeliveryOperation, ReadonlyArray<number>>> = {
  associate: [9616],
  disassociate: [9609, 9610, 9619],
  "create-user": [9716],
  "retire-user": [9609, 9618, 9620, 9636],
};

/**
 * The class of an Apple failure of `operation`, from Apple's `errorNumber` (which wins) or else the HTTP
 * status of a synchronous answer. An undocumented number is a `defect` unless the HTTP status says the service
 * is busy or down. Documented numbers and their classes: docs/apple-delivery.md.
 */
export const classifyDeliveryFailure = (
  operation: DeliveryOperation,
  errorNumber: number | undefined,
  httpStatus?: number,
): DeliveryFailureClass => {
  if (errorNumber !== undefined) {
    if (DONE_BY_OPERATION[operation].includes(errorNumber)) return "done";
    const known = BASE_CLASS.get(errorNumber);
    if (known !== undefined) return known;
  }
  if (httpStatus === undefined) return errorNumber === undefined ? "transient" : "defect";
  if (httpStatus === 429 || httpStatus >= 500) return "transient";
  if (httpStatus === 401 || httpStatus === 403) return "account";
  return "defect";
};
