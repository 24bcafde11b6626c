import { isLedgerError, StoreUnavailable } from "@vpp-ledger/core";

/** The fields drivers (`pg` and PGlite alike) put on a server error. */
export interface SqlErrorFields {
  readonly code?: unknown;
  readonly constraint?: unknown;
  readonly detail?: unknown;
}

/** The SQLSTATE of a server error, if `error` carries one. */
export const sqlState = (error: unknown): string | undefined => {
  const code = typeof error === "object" && error !== null ? (error as SqlErrorFields).code : undefined;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
};

/** A field of a server error (`constraint`, `detail`) as a string, if present. */
export const sqlErrorField = (error: unknown, field: "constraint" | "detail"): string | undefined => {
  const value = typeof error === "object" && error !== null ? (error as SqlErrorFields)[field] : undefined;
  return typeof value === "string" ? value : undefined;
};

// Node socket errors: the server or the network went away.
const SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
]);

// Messages `pg` uses for a dead or unobtainable connection; they carry no code.
const LOST_CONNECTION =
  /Connection terminated|connection (?:is )?closed|timeout exceeded when trying to connect|Client has encountered a connection error/i;

/**
 * True when `error` means the database could not be reached or the session died: SQLSTATE class 08
 * (connection exception), 57P01–57P05 (the backend was terminated or the server is shutting down), 53
 * (out of connections or resources), a socket error, or `pg`'s lost-connection messages.
 */
export const isConnectionFailure = (error: unknown): boolean => {
  const state = sqlState(error);
  if (state !== undefined) return state.startsWith("08") || state.startsWith("57P") || state.startsWith("53");
  const code = typeof error === "object" && error !== null ? (error as SqlErrorFields).code : undefined;
  if (typeof code === "string" && SOCKET_CODES.has(code)) return true;
  return error instanceof Error && LOST_CONNECTION.test(error.message);
};

// The statement gave up before committing, on a connection that is still fine: a timeout (57014 after
// statement_timeout, 55P03 after lock_timeout) or a transaction PostgreSQL chose to abort (40001, 40P01).
const GAVE_UP = new Set(["57014", "55P03", "40001", "40P01"]);

/** True when trying again may succeed and nothing was written: a connection failure or a timeout. */
export const isTransientFailure = (error: unknown): boolean =>
  isConnectionFailure(error) || GAVE_UP.has(sqlState(error) ?? "");

/**
 * Drivers call this on every failure: a connection failure or a timeout becomes a retryable
 * {@link StoreUnavailable}; any other error (a constraint, a raised exception) passes through for the store to
 * interpret.
 */
export const translateDriverError = (error: unknown): unknown => {
  if (isLedgerError(error) || !isTransientFailure(error)) return error;
  const reason = error instanceof Error ? error.message : String(error);
  return new StoreUnavailable(
    `PostgreSQL is unavailable (${reason}); the operation was not applied or was applied whole: retry it`,
    error,
  );
};
