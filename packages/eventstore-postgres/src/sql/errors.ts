import { isLedgerError, LedgerError, StoreClosed, StoreUnavailable } from "@vpp-ledger/core";
import { describeSqlState } from "./sqlstate.js";

/** The fields drivers (`pg` and PGlite alike) put on a server error. */
export interface SqlErrorFields {
  readonly code?: unknown;
  readonly constraint?: unknown;
  readonly detail?: unknown;
  readonly severity?: unknown;
  readonly routine?: unknown;
}

const fieldOf = (error: unknown, field: keyof SqlErrorFields): unknown =>
  typeof error === "object" && error !== null ? (error as SqlErrorFields)[field] : undefined;

/** The SQLSTATE of a server error, if `error` carries one. */
export const sqlState = (error: unknown): string | undefined => {
  const code = fieldOf(error, "code");
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
};

/**
 * A field of a server error (`constraint`, `detail`) as a string, if present. Only for errors the store raises
 * itself (`VL001` carries a version in DETAIL) or whose fields hold no values (a constraint's name).
 */
export const sqlErrorField = (error: unknown, field: "constraint" | "detail"): string | undefined => {
  const value = fieldOf(error, field);
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

const socketCode = (error: unknown): string | undefined => {
  const code = fieldOf(error, "code");
  return typeof code === "string" && SOCKET_CODES.has(code) ? code : undefined;
};

// Messages `pg` uses for a dead or unobtainable connection; they carry no code (and no value).
const LOST_CONNECTION =
  /Connection terminated|connection (?:is )?closed|timeout exceeded when trying to connect|Client has encountered a connection error/i;

// What the drivers say when their pool or instance was ended: a caller-owned one closed under the store.
const CLOSED_CLIENT = /^(?:Cannot use a pool after calling end on the pool|PGlite is closed)$/;

/**
 * A driver failure reduced to what is safe to log and to keep as `cause`: the SQLSTATE, severity and the
 * server routine that raised it, or a socket code. Never the server's message, `detail`, `where`, `hint`,
 * the query or its parameters: PostgreSQL echoes values there (`invalid input syntax for type uuid: "…"`,
 * `JSON data, line 1: …`, `unnamed portal parameter $1 = '…'`, `Failing row contains (…)`), and PGlite
 * attaches the statement's parameters to its errors.
 */
export class SqlFailure extends Error {
  /** The SQLSTATE, when the server answered. */
  readonly sqlState: string | undefined;
  /** `ERROR`, `FATAL`… */
  readonly severity: string | undefined;
  /** The server function that raised it (`json_errsave_error`, `report_invalid_encoding_int`…). */
  readonly routine: string | undefined;

  constructor(error: unknown) {
    super(describeFailure(error));
    this.name = "SqlFailure";
    this.sqlState = sqlState(error);
    const severity = fieldOf(error, "severity");
    const routine = fieldOf(error, "routine");
    this.severity = typeof severity === "string" ? severity : undefined;
    this.routine = typeof routine === "string" ? routine : undefined;
  }
}

/**
 * What went wrong, in words that hold no value of the statement: the SQLSTATE and its condition, a socket
 * code, one of `pg`'s fixed lost-connection messages, or else only the error's class.
 */
export const describeFailure = (error: unknown): string => {
  const state = sqlState(error);
  if (state !== undefined) return describeSqlState(state);
  const socket = socketCode(error);
  if (socket !== undefined) return socket;
  if (error instanceof Error && LOST_CONNECTION.test(error.message)) return error.message;
  return `an unexpected ${error instanceof Error ? error.name : typeof error}`;
};

/**
 * True when `error` means the database could not be reached or the session died: SQLSTATE class 08
 * (connection exception), 57P01–57P05 (the backend was terminated or the server is shutting down), 53
 * (out of connections or resources), a socket error, or `pg`'s lost-connection messages.
 */
export const isConnectionFailure = (error: unknown): boolean => {
  const state = sqlState(error);
  if (state !== undefined) return state.startsWith("08") || state.startsWith("57P") || state.startsWith("53");
  if (socketCode(error) !== undefined) return true;
  return error instanceof Error && LOST_CONNECTION.test(error.message);
};

// The statement gave up before committing, on a connection that is still fine: a timeout (57014 after
// statement_timeout, 55P03 after lock_timeout) or a transaction PostgreSQL chose to abort (40001, 40P01).
const GAVE_UP = new Set(["57014", "55P03", "40001", "40P01"]);

/** True when trying again may succeed and nothing was written: a connection failure or a timeout. */
export const isTransientFailure = (error: unknown): boolean =>
  isConnectionFailure(error) || GAVE_UP.has(sqlState(error) ?? "");

/** True when the pool or PGlite instance under the store was ended (by its owner, if not by the store). */
export const isClosedClient = (error: unknown): boolean =>
  error instanceof Error && sqlState(error) === undefined && CLOSED_CLIENT.test(error.message);

// Classes in which PostgreSQL refuses the values of the statement: data exceptions (a NUL, an unpaired
// surrogate escape in JSON, a number out of range), integrity violations the store did not interpret, and
// program limits (a key too large to index, a JSON document too large).
const INPUT_CLASSES = new Set(["22", "23", "54"]);

/** True when PostgreSQL refused the statement's values: retrying the same input can never succeed. */
export const isInputRefusal = (error: unknown): boolean =>
  INPUT_CLASSES.has(sqlState(error)?.slice(0, 2) ?? "");

// Classes that mean the store is not set up for this role and schema: a missing schema or table (not
// migrated, or dropped), a missing privilege, a failed login, an unsupported feature. Retrying as is will not help.
const SETUP_CLASSES = new Set(["42", "3F", "28", "0A"]);

/**
 * Drivers call this on every failure: a connection failure or a timeout becomes a retryable
 * {@link StoreUnavailable}, an ended pool or PGlite instance {@link StoreClosed}; any other error (a
 * constraint, a raised exception) passes through for the store to interpret, and then through
 * {@link toPortError}. The `cause` kept is a {@link SqlFailure}, never the driver's error.
 */
export const translateDriverError = (error: unknown): unknown => {
  if (isLedgerError(error)) return error;
  if (isClosedClient(error)) return new StoreClosed("the PostgreSQL pool or PGlite instance of this store");
  if (!isTransientFailure(error)) return error;
  return new StoreUnavailable(
    `PostgreSQL is unavailable (${describeFailure(error)}); the operation was not applied or was applied ` +
      "whole: retry it",
    new SqlFailure(error),
  );
};

/**
 * The last word on a failure of store operation `operation` (`appendToStream`, `checkpoints.save`…), after
 * the store interpreted what it could: ledger errors and the store's own `TypeError`/`RangeError` (bad input,
 * refused before any SQL) pass through; everything else becomes a port error naming the operation and the
 * SQLSTATE, never a value. Values PostgreSQL refuses are not retryable; a store not set up for this schema or
 * role is not either; anything unexpected is a retryable {@link StoreUnavailable}.
 */
export const toPortError = (error: unknown, operation: string): unknown => {
  const translated = translateDriverError(error);
  if (translated !== error || isLedgerError(error)) return translated;
  if (error instanceof TypeError || error instanceof RangeError) return error;
  const failure = new SqlFailure(error);
  const kind = failure.sqlState?.slice(0, 2) ?? "";
  if (INPUT_CLASSES.has(kind)) {
    return new LedgerError(
      "store-unavailable",
      `PostgreSQL refused ${operation} (${failure.message}): the input holds a value it cannot store or ` +
        "index; nothing was written, and retrying the same input will not help",
      { retryable: false, cause: failure },
    );
  }
  if (SETUP_CLASSES.has(kind)) {
    return new LedgerError(
      "store-unavailable",
      `${operation} failed with ${failure.message}: check that the schema exists and is migrated ` +
        "(migrate()) and that the database role may use it",
      { retryable: false, cause: failure },
    );
  }
  return new StoreUnavailable(
    `${operation} failed with ${failure.message}; nothing was half-written: retry it, and report it if it ` +
      "persists",
    failure,
  );
};
