import type { ResponseMdmInfo } from "./codecs/common.js";

/**
 * Stable codes of every error the Apple client throws. Hosts branch on these; Apple's own `errorNumber` and
 * `errorMessage` ride along for diagnosis but are not the contract.
 */
export type AppleErrorCode =
  | "unauthorized"
  | "token-expired"
  | "token-revoked"
  | "token-missing"
  | "forbidden"
  | "throttled"
  | "unavailable"
  | "server-error"
  | "not-enough-licenses"
  | "invalid-request"
  | "malformed-response"
  | "transport"
  | "deadline-exceeded"
  | "mdm-conflict"
  | "walk-unstable"
  | "operation-still-pending"
  | "batch-partially-submitted";

/** Facts about the failed exchange. Never holds the sToken. */
export interface AppleErrorDetails {
  /** `METHOD path` of the call, e.g. `GET assignments`. */
  readonly endpoint?: string;
  readonly httpStatus?: number;
  /** Apple's `errorNumber`, when the body carried one. */
  readonly errorNumber?: number;
  /** Apple's `errorMessage`, scrubbed of the token in every form and bounded (see `scrubUntrustedText`). */
  readonly errorMessage?: string;
  /** How long Apple asked us to wait (Retry-After), in milliseconds. */
  readonly retryAfterMs?: number;
  /** HTTP attempts made before giving up. */
  readonly attempts?: number;
  readonly cause?: unknown;
}

const RETRYABLE: ReadonlySet<AppleErrorCode> = new Set<AppleErrorCode>([
  "throttled",
  "unavailable",
  "server-error",
  "transport",
  "deadline-exceeded",
  "walk-unstable",
  "operation-still-pending",
]);

/**
 * Base of every error thrown by the Apple client. Recognise it with {@link isAppleApiError}, which checks
 * `name` and `code` structurally so it works across duplicated package copies. `retryable` says whether the
 * same call may succeed later without anyone changing anything.
 */
export class AppleApiError extends Error {
  readonly code: AppleErrorCode;
  readonly retryable: boolean;
  readonly endpoint: string | undefined;
  readonly httpStatus: number | undefined;
  readonly errorNumber: number | undefined;
  readonly errorMessage: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly attempts: number | undefined;

  constructor(code: AppleErrorCode, message: string, details: AppleErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "AppleApiError";
    this.code = code;
    this.retryable = RETRYABLE.has(code);
    this.endpoint = details.endpoint;
    this.httpStatus = details.httpStatus;
    this.errorNumber = details.errorNumber;
    this.errorMessage = details.errorMessage;
    this.retryAfterMs = details.retryAfterMs;
    this.attempts = details.attempts;
  }
}

/** A response did not match its codec. `path` names the first offending field, e.g. `assets.adamId`. */
export class MalformedResponseError extends AppleApiError {
  constructor(
    readonly path: string,
    readonly expected: string,
    details: AppleErrorDetails,
  ) {
    super(
      "malformed-response",
      `${details.endpoint ?? "Apple"} returned a response this client cannot use: ${path} must be ${expected}. ` +
        "Nothing was applied; retry later, and report it if it persists (Apple may have changed the API)",
      details,
    );
  }
}

/**
 * Another device-management product holds the Apple location (its `mdmInfo.id` is not ours). Rules R6/R8:
 * stop every Apple call for the account until an admin resolves it.
 */
export class MdmConflictError extends AppleApiError {
  constructor(
    /** Who holds the location now, as Apple reports it, scrubbed (the other product wrote these fields). */
    readonly holder: ResponseMdmInfo,
    /** The `mdmInfo.id` this client expected. */
    readonly expectedId: string,
    details: AppleErrorDetails = {},
  ) {
    super(
      "mdm-conflict",
      `another MDM ("${holder.name ?? "unnamed"}", id ${holder.id}) holds this Apple location, not this server (id ` +
        `${expectedId}); all Apple calls for the account are stopped: remove the token from the other product ` +
        "or have an admin confirm the takeover (claimLocation with takeOver)",
      details,
    );
  }
}

/** A paged walk read far more pages than the location had when it began: the data grows faster than it reads. */
export class WalkUnstableError extends AppleApiError {
  constructor(
    readonly pagesRead: number,
    details: AppleErrorDetails,
  ) {
    super(
      "walk-unstable",
      `${details.endpoint ?? "a paged read"}: ${pagesRead} pages read and Apple still reports more (the data ` +
        "kept growing during the read); retry the read later when the location is quieter",
      details,
    );
  }
}

/** An Apple operation stayed PENDING until the wait's timeout. Apple advises re-sending the request. */
export class OperationStillPendingError extends AppleApiError {
  constructor(
    /** The operation, as the client names it: Apple's `eventId` itself when plain (a UUID), else its digest. */
    readonly operationId: string,
    readonly waitedMs: number,
  ) {
    super(
      "operation-still-pending",
      `Apple operation ${operationId} is still PENDING after ${Math.round(waitedMs / 1000)} s; Apple advises re-sending ` +
        "the request, or wait for its notification",
      { endpoint: "GET status" },
    );
  }
}

/**
 * A chunked manage request failed part-way: `submitted` chunks reached Apple (their operations will complete),
 * `unsent` did not. Retry only the unsent ones; `cause` is the error that stopped the batch.
 */
export class BatchPartiallySubmittedError<Chunk, Submitted> extends AppleApiError {
  constructor(
    readonly submitted: ReadonlyArray<Submitted>,
    readonly unsent: ReadonlyArray<Chunk>,
    cause: AppleApiError,
  ) {
    super(
      "batch-partially-submitted",
      `${cause.endpoint ?? "a batch"}: ${submitted.length} chunk(s) were submitted, then ${unsent.length} were ` +
        `not sent because: ${cause.message}`,
      { endpoint: cause.endpoint, cause },
    );
  }
}

/** Recognises an {@link AppleApiError} (optionally of one code) structurally. */
export const isAppleApiError = <C extends AppleErrorCode>(
  value: unknown,
  code?: C,
): value is AppleApiError & { readonly code: C } =>
  value instanceof Error &&
  (value as { name?: unknown }).name === "AppleApiError" &&
  typeof (value as { code?: unknown }).code === "string" &&
  (code === undefined || (value as { code?: unknown }).code === code);
