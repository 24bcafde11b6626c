import { isLedgerError, StoreClosed, StoreUnavailable, WrongExpectedVersion } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import {
  isConnectionFailure,
  isInputRefusal,
  isTransientFailure,
  SqlFailure,
  sqlState,
  toPortError,
  translateDriverError,
} from "./errors.js";

const serverError = (code: string, message = "server said no") => Object.assign(new Error(message), { code });

// What the drivers attach to a refused statement: the payload comes back in the message, DETAIL, CONTEXT
// (`where`) and, with PGlite, the parameters.
const SECRET = "s3cret-payload";
const echoingError = (code: string) =>
  Object.assign(new Error(`invalid input syntax for type uuid: "${SECRET}"`), {
    code,
    severity: "ERROR",
    routine: "string_to_uuid",
    detail: `Failing row contains (${SECRET}).`,
    where: `JSON data, line 1: {"a":"${SECRET}...\nunnamed portal parameter $1 = '...'`,
    hint: SECRET,
    query: `SELECT '${SECRET}'`,
    params: [SECRET],
  });

/** Everything a logger could print of an error: message, stack, own fields and the cause chain. */
const printed = (error: unknown): string => {
  const parts: string[] = [];
  for (let current = error, depth = 0; current !== undefined && depth < 5; depth++) {
    if (!(current instanceof Error)) {
      parts.push(String(current));
      break;
    }
    parts.push(current.message, current.stack ?? "", JSON.stringify({ ...current }));
    current = current.cause;
  }
  return parts.join("\n");
};

describe("driver error translation", () => {
  it("treats a killed backend, a shutdown, a lost socket and pool exhaustion as connection failures", () => {
    for (const error of [
      serverError("57P01", "terminating connection due to administrator command"),
      serverError("57P03", "the database system is starting up"),
      serverError("08006"),
      serverError("53300", "too many connections"),
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }),
      new Error("Connection terminated unexpectedly"),
      new Error("timeout exceeded when trying to connect"),
    ]) {
      expect(isConnectionFailure(error)).toBe(true);
      const translated = translateDriverError(error);
      expect(translated).toBeInstanceOf(StoreUnavailable);
      expect(isLedgerError(translated, "store-unavailable")).toBe(true);
      expect((translated as StoreUnavailable).retryable).toBe(true);
      // The cause is a summary: the driver's error may carry the statement's values.
      expect((translated as StoreUnavailable).cause).toBeInstanceOf(SqlFailure);
    }
  });

  it("treats timeouts and transactions PostgreSQL aborted as retryable, though the connection is fine", () => {
    for (const code of ["57014", "55P03", "40001", "40P01"]) {
      const error = serverError(code);
      expect(isConnectionFailure(error)).toBe(false);
      expect(isTransientFailure(error)).toBe(true);
      expect(translateDriverError(error)).toMatchObject({
        code: "store-unavailable",
        retryable: true,
        message: expect.stringContaining(`SQLSTATE ${code}`),
      });
    }
  });

  it("reports a pool or PGlite instance ended under the store as StoreClosed", () => {
    for (const message of ["Cannot use a pool after calling end on the pool", "PGlite is closed"]) {
      const translated = translateDriverError(new Error(message));
      expect(translated).toBeInstanceOf(StoreClosed);
      expect(translated).toMatchObject({ code: "store-closed", retryable: false });
    }
  });

  it("passes constraint and raised errors through for the store to interpret", () => {
    for (const error of [
      serverError("23505"),
      serverError("VL001"),
      serverError("42P01"),
      serverError("22P02"),
      new TypeError("bad"),
    ]) {
      expect(isConnectionFailure(error)).toBe(false);
      expect(translateDriverError(error)).toBe(error);
    }
  });

  it("leaves ledger errors alone and reads SQLSTATEs only from five-character codes", () => {
    const conflict = new WrongExpectedVersion("s", 1n, 2n);
    expect(translateDriverError(conflict)).toBe(conflict);
    expect(toPortError(conflict, "appendToStream")).toBe(conflict);
    expect(sqlState(serverError("ECONNRESET"))).toBeUndefined();
    expect(sqlState(serverError("23505"))).toBe("23505");
    expect(sqlState("23505")).toBeUndefined();
  });
});

describe("port errors: what a caller of the store sees", () => {
  it("refuses bad values (classes 22, 23, 54) as non-retryable, naming the operation and SQLSTATE only", () => {
    for (const code of ["22P02", "22P05", "22021", "22003", "23514", "54000"]) {
      const error = toPortError(echoingError(code), "appendToStream");
      expect(isInputRefusal(echoingError(code))).toBe(true);
      expect(error).toMatchObject({ code: "store-unavailable", retryable: false });
      expect((error as Error).message).toContain("appendToStream");
      expect((error as Error).message).toContain(`SQLSTATE ${code}`);
      expect(printed(error)).not.toContain(SECRET);
      expect((error as Error).cause).toMatchObject({
        sqlState: code,
        severity: "ERROR",
        routine: "string_to_uuid",
      });
    }
  });

  it("reports a store not set up (missing table or schema, no privilege) as non-retryable", () => {
    for (const code of ["42P01", "3F000", "42501"]) {
      const error = toPortError(echoingError(code), "checkpoints.load");
      expect(error).toMatchObject({ code: "store-unavailable", retryable: false });
      expect((error as Error).message).toMatch(/migrate\(\)/);
      expect(printed(error)).not.toContain(SECRET);
    }
  });

  it("reports anything else as a retryable StoreUnavailable, transient failures included, without values", () => {
    for (const raw of [
      echoingError("XX000"),
      echoingError("25006"),
      echoingError("57014"),
      echoingError("08006"),
    ]) {
      const error = toPortError(raw, "readAll");
      expect(error).toBeInstanceOf(StoreUnavailable);
      expect(printed(error)).not.toContain(SECRET);
    }
    const odd = toPortError(Object.assign(new Error(SECRET), { params: [SECRET] }), "readAll");
    expect(odd).toMatchObject({ code: "store-unavailable", retryable: true });
    expect((odd as Error).message).toContain("an unexpected Error");
    expect(printed(odd)).not.toContain(SECRET);
  });

  it("passes the store's own bad-input errors through: they are raised before any SQL and name fields only", () => {
    const typeError = new TypeError("checkpoint name must be a string");
    const rangeError = new RangeError("position must be between 0n and 2^63 - 1");
    expect(toPortError(typeError, "checkpoints.save")).toBe(typeError);
    expect(toPortError(rangeError, "checkpoints.save")).toBe(rangeError);
  });
});
