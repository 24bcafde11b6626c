import type { ExpectedVersion } from "./port.js";

/** Stable codes of infrastructure errors raised by stores and the command handler. */
export type LedgerErrorCode =
  | "wrong-expected-version"
  | "idempotency-violation"
  | "corrupt-event"
  | "store-unavailable"
  | "schema-too-new"
  | "concurrency-retries-exhausted"
  | "snapshot-invalid"
  | "store-closed"
  | "invalid-event"
  | "overloaded"
  | "lease-lost"
  /** A processor's position or its read models' version moved under it: another instance committed, or a switch. */
  | "processor-conflict"
  /** A durable read model holds a row it did not write (edited by hand): rebuild it. */
  | "read-model-invalid"
  /** An optional driver (PGlite) was asked for but is not installed: install it beside the library. */
  | "driver-missing";

/**
 * Base of every thrown vpp-ledger error. Recognise one with {@link isLedgerError}, which checks `code`
 * structurally, so it works across duplicated package copies; `retryable` says whether trying again may help.
 */
export class LedgerError extends Error {
  readonly code: LedgerErrorCode;
  readonly retryable: boolean;
  constructor(code: LedgerErrorCode, message: string, options?: { retryable?: boolean; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "LedgerError";
    this.code = code;
    this.retryable = options?.retryable ?? false;
  }
}

const describeExpected = (expected: ExpectedVersion): string =>
  typeof expected === "bigint" ? `version ${expected}` : `"${expected}"`;

/** The stream was not where the writer expected it. Carries the actual version (0n: no stream). */
export class WrongExpectedVersion extends LedgerError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedVersion,
    readonly actual: bigint,
  ) {
    super(
      "wrong-expected-version",
      `stream ${streamId}: expected ${describeExpected(expected)} but it is at version ${actual}; reload and retry`,
      { retryable: true },
    );
  }
}

/** An event id is already stored with different content or at another place: a client bug, not a retry. */
export class IdempotencyViolation extends LedgerError {
  constructor(
    readonly streamId: string,
    readonly eventId: string,
  ) {
    super(
      "idempotency-violation",
      `stream ${streamId}: event id ${eventId} is already stored with different content or position; ` +
        "event ids must be unique per event (derive them from the command id and the event index)",
    );
  }
}

/** A stored event (or row) that cannot be decoded. Names where it is and what failed. */
export class CorruptEvent extends LedgerError {
  constructor(
    readonly streamId: string,
    readonly streamVersion: bigint,
    readonly eventType: string,
    readonly path: string,
    detail: string,
    options?: { readonly cause?: unknown },
  ) {
    super(
      "corrupt-event",
      `stream ${streamId} version ${streamVersion} (${eventType}): ${path}: ${detail}; ` +
        "the stored event matches no known schema: add an upcaster or repair the row",
      { cause: options?.cause },
    );
  }
}

/** The store could not be reached or the connection died mid-operation; nothing was half-written. */
export class StoreUnavailable extends LedgerError {
  constructor(message: string, cause?: unknown) {
    super("store-unavailable", message, { retryable: true, cause });
  }
}

/** The store was closed: the operation did not start (or was cut off before it wrote anything). Open a new one. */
export class StoreClosed extends LedgerError {
  constructor(what = "the event store") {
    super("store-closed", `${what} is closed; create a new one to go on`);
  }
}

/**
 * A decided event would not decode when read back (a bug in a decider, an upcaster or a caller that bypassed the
 * codecs). It is refused before the append, so the log is never poisoned; nothing was written. Report it as a bug.
 */
export class InvalidEvent extends LedgerError {
  constructor(
    readonly streamId: string,
    readonly eventType: string,
    readonly path: string,
    detail: string,
  ) {
    super(
      "invalid-event",
      `stream ${streamId}: refused to append ${eventType}: ${path}: ${detail}; nothing was written. ` +
        "This is a bug in the code that built the event: please report it",
    );
  }
}

/**
 * The command was refused before it was queued: the process already holds as many commands waiting for
 * `streamId` (or for all streams) as it may (`limit`). Nothing was loaded or written. Retryable: send the same
 * command again later, after a pause, so that a burst is absorbed by the callers' back-off rather than by the
 * process's memory.
 */
export class Overloaded extends LedgerError {
  constructor(
    readonly streamId: string,
    readonly scope: "stream" | "process",
    readonly limit: number,
  ) {
    super(
      "overloaded",
      `stream ${streamId}: ${limit} commands are already waiting ${scope === "stream" ? "for this stream" : "in this process"}; ` +
        "nothing was written: retry the command later with the same command id",
      { retryable: true },
    );
  }
}

/** Recognises a {@link LedgerError} (optionally of one code) structurally. */
export const isLedgerError = <C extends LedgerErrorCode>(
  value: unknown,
  code?: C,
): value is LedgerError & { readonly code: C } =>
  value instanceof Error &&
  typeof (value as { code?: unknown }).code === "string" &&
  (value as { name?: unknown }).name === "LedgerError" &&
  (code === undefined || (value as { code?: unknown }).code === code);

/**
 * What a caller sees when a store threw something that is not a {@link LedgerError} (an adapter bug or a raw
 * driver error): a retryable {@link StoreUnavailable} naming the operation and the error's class only, since a
 * raw driver message may echo the payload. The original stays as `cause` for the host's debugging.
 */
export const asLedgerError = (error: unknown, operation: string): LedgerError =>
  isLedgerError(error)
    ? error
    : new StoreUnavailable(
        `${operation} failed with an unexpected ${error instanceof Error ? error.name : typeof error}; retry, and report it if it persists`,
        error,
      );
