import {
  AccessDeniedError,
  DeadlineExceededError,
  NotLeaderError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from "@eventstore/db-client";
import { Metadata, status } from "@grpc/grpc-js";
import { isLedgerError } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { isStreamNotFound, isWrongExpectedVersion, translateClientError } from "./errors.js";

const serviceError = (code: status, trailers: Record<string, string> = {}) => {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error("14 UNAVAILABLE: esdb://admin:changeit@db:2113 down"), {
    code,
    details: "down",
    metadata,
  });
};

describe("translating client errors", () => {
  it("unreachable, timed out or leaderless is a retryable StoreUnavailable that names the operation only", () => {
    const failures = [
      new UnavailableError(serviceError(status.UNAVAILABLE)),
      new DeadlineExceededError(serviceError(status.DEADLINE_EXCEEDED)),
      new NotLeaderError(
        serviceError(status.NOT_FOUND, { "leader-endpoint-host": "db2", "leader-endpoint-port": "2113" }),
      ),
    ];
    for (const failure of failures) {
      const translated = translateClientError(failure, "an append to stream s");
      expect(isLedgerError(translated, "store-unavailable")).toBe(true);
      expect(translated).toMatchObject({ retryable: true, cause: failure });
      expect((translated as Error).message).toContain("an append to stream s");
      expect((translated as Error).message).not.toContain("changeit");
    }
  });

  it("anything else passes through untouched for the caller to interpret", () => {
    const denied = new AccessDeniedError(serviceError(status.PERMISSION_DENIED));
    const plain = new Error("boom");
    expect(translateClientError(denied, "x")).toBe(denied);
    expect(translateClientError(plain, "x")).toBe(plain);
  });

  it("recognises the client's conflict and missing-stream errors", () => {
    const conflict = new WrongExpectedVersionError(undefined, { streamName: "s", expected: 1n, current: 3n });
    expect(isWrongExpectedVersion(conflict)).toBe(true);
    expect(isStreamNotFound(new StreamNotFoundError(undefined, "s"))).toBe(true);
    expect(isStreamNotFound(conflict)).toBe(false);
  });
});
