import {
  ErrorType,
  isCommandError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from "@eventstore/db-client";
import { isLedgerError, StoreUnavailable } from "@vpp-ledger/core";

// The client's error types that mean "the server could not be reached or gave up": trying again may work.
// NOT_LEADER is a cluster electing a new leader; the client reconnects to it on the next call.
const TRANSIENT = new Set<string>([
  ErrorType.UNAVAILABLE,
  ErrorType.DEADLINE_EXCEEDED,
  ErrorType.TIMEOUT,
  ErrorType.CANCELLED,
  ErrorType.NOT_LEADER,
]);

/** True when `error` is the client's "stream does not exist" (a read of a missing stream). */
export const isStreamNotFound = (error: unknown): boolean =>
  error instanceof StreamNotFoundError ||
  (error instanceof Error && (error as { type?: unknown }).type === ErrorType.STREAM_NOT_FOUND);

/** True when `error` is the client's optimistic-concurrency failure. */
export const isWrongExpectedVersion = (error: unknown): error is WrongExpectedVersionError =>
  error instanceof WrongExpectedVersionError ||
  (error instanceof Error && (error as { type?: unknown }).type === ErrorType.WRONG_EXPECTED_VERSION);

/** True when trying again may succeed: the server was unreachable, timed out, or is changing leader. */
export const isTransientFailure = (error: unknown): boolean =>
  error instanceof Error && isCommandError(error) && TRANSIENT.has(error.type);

/**
 * Every call to the client goes through this: a transient failure becomes a retryable
 * {@link StoreUnavailable} saying what was being done (never the connection string, which may hold a
 * password); anything else passes through for the caller to interpret.
 */
export const translateClientError = (error: unknown, operation: string): unknown => {
  if (isLedgerError(error) || !isTransientFailure(error)) return error;
  const type = (error as { type: string }).type;
  return new StoreUnavailable(
    `EventStoreDB is unavailable (${type}) during ${operation}; the operation was not applied or was ` +
      "applied whole: retry it",
    error,
  );
};

/** Runs one client call, translating its failure. */
export const callClient = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
  try {
    return await call();
  } catch (error) {
    throw translateClientError(error, operation);
  }
};
