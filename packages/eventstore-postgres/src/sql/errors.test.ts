import { isLedgerError, StoreUnavailable, WrongExpectedVersion } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { isConnectionFailure, isTransientFailure, sqlState, translateDriverError } from "./errors.js";

const serverError = (code: string, message = "server said no") => Object.assign(new Error(message), { code });

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
      expect((translated as StoreUnavailable).cause).toBe(error);
    }
  });

  it("treats timeouts and transactions PostgreSQL aborted as retryable, though the connection is fine", () => {
    for (const code of ["57014", "55P03", "40001", "40P01"]) {
      const error = serverError(code);
      expect(isConnectionFailure(error)).toBe(false);
      expect(isTransientFailure(error)).toBe(true);
      expect(translateDriverError(error)).toMatchObject({ code: "store-unavailable", retryable: true });
    }
  });

  it("passes constraint and raised errors through for the store to interpret", () => {
    for (const error of [
      serverError("23505"),
      serverError("VL001"),
      serverError("42P01"),
      new TypeError("bad"),
    ]) {
      expect(isConnectionFailure(error)).toBe(false);
      expect(translateDriverError(error)).toBe(error);
    }
  });

  it("leaves ledger errors alone and reads SQLSTATEs only from five-character codes", () => {
    const conflict = new WrongExpectedVersion("s", 1n, 2n);
    expect(translateDriverError(conflict)).toBe(conflict);
    expect(sqlState(serverError("ECONNRESET"))).toBeUndefined();
    expect(sqlState(serverError("23505"))).toBe("23505");
    expect(sqlState("23505")).toBeUndefined();
  });
});
