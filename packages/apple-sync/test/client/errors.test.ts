import { describe, expect, it } from "vitest";
import {
  type AppleErrorCode,
  isAppleApiError,
  MalformedResponseError,
  MissingFieldError,
  requireField,
} from "../../src/index.js";
import { collect, harness, pagesOf, rejectionOf, requestsTo } from "./support/setup.js";

const codeOf = (error: unknown): AppleErrorCode | undefined =>
  isAppleApiError(error) ? error.code : undefined;

describe("typed errors", () => {
  it("an unknown token is unauthorized (9622) whether Apple answers 401 or 200", async () => {
    const { sim, vault, client } = await harness();
    await vault.put("acct-1", "bm90LWEtcmVhbC10b2tlbg==");
    const with401 = await rejectionOf(client().getClientConfig());
    sim.setInvalidTokenHttpStatus(200);
    const with200 = await rejectionOf(client().getClientConfig());
    for (const [error, status] of [
      [with401, 401],
      [with200, 200],
    ] as const) {
      expect(codeOf(error)).toBe("unauthorized");
      expect(error).toMatchObject({ errorNumber: 9622, httpStatus: status, retryable: false });
      expect((error as Error).message).toContain("upload a renewed token");
    }
  });

  it("an expired token is token-expired (9621) and says to upload a renewed token", async () => {
    const { location, client } = await harness();
    location.expireToken();
    const error = await rejectionOf(client().getClientConfig());
    expect(codeOf(error)).toBe("token-expired");
    expect(error).toMatchObject({ errorNumber: 9621, httpStatus: 401 });
    expect((error as Error).message).toMatch(/upload the renewed token/);
    expect((error as { errorMessage?: string }).errorMessage).toContain("school.apple.com");
  });

  it("a revoked token is token-revoked (9625)", async () => {
    const { location, client } = await harness();
    location.revokeToken();
    const error = await rejectionOf(client().getClientConfig());
    expect(codeOf(error)).toBe("token-revoked");
    expect(error).toMatchObject({ errorNumber: 9625 });
  });

  it("an empty vault is token-missing, and nothing is sent", async () => {
    const { sim, vault, client } = await harness();
    await vault.delete("acct-1");
    const error = await rejectionOf(client().getClientConfig());
    expect(codeOf(error)).toBe("token-missing");
    expect((error as Error).message).toContain(".vpptoken");
    expect(requestsTo(sim, "client/config")).toHaveLength(0);
  });

  it("an error body in an HTTP 200 is still an error: 9709 is not-enough-licenses", async () => {
    const { sim, location, client } = await harness();
    location.addAsset({ adamId: "1001", totalCount: 1 });
    sim.injectFault({ kind: "http-200-error", path: "assets/associate", errorNumber: 9709 });
    const error = await rejectionOf(
      client().associateAssets({ assets: [{ adamId: "1001" }], clientUserIds: ["u"] }),
    );
    expect(codeOf(error)).toBe("not-enough-licenses");
    expect(error).toMatchObject({ errorNumber: 9709, httpStatus: 200 });
    expect((error as Error).message).toContain("buy more");
  });

  it("403-class Apple errors are forbidden; other 96xx/97xx are invalid-request and not retried", async () => {
    const { sim, client } = await harness();
    sim.injectFault({ kind: "http-200-error", path: "users", errorNumber: 9637 });
    expect(codeOf(await rejectionOf(pagesOf(client().users())))).toBe("forbidden");
    sim.clearLogs();
    const error = await rejectionOf(client().operationStatus("missing"));
    expect(codeOf(error)).toBe("invalid-request");
    expect(requestsTo(sim, "status")).toHaveLength(1);
  });

  it("a body that is not JSON is malformed-response after one retry (bounded, never a loop)", async () => {
    const { sim, client } = await harness();
    sim.injectFault({ kind: "malformed-json", path: "client/config", times: 5 });
    const error = await rejectionOf(client({ retry: { baseDelayMs: 1 } }).getClientConfig());
    expect(codeOf(error)).toBe("malformed-response");
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as MalformedResponseError).path).toBe("(body)");
    expect(requestsTo(sim, "client/config")).toHaveLength(2);
    sim.clearLogs();
    sim.clearFaults();
    sim.injectFault({ kind: "malformed-json", path: "client/config", times: 1 });
    expect((await client({ retry: { baseDelayMs: 1 } }).getClientConfig()).uId).toBeDefined();
    expect(requestsTo(sim, "client/config")).toHaveLength(2);
  });

  it("optional fields may be missing (Apple marks them optional); a field a use needs fails there, explained", async () => {
    const { sim, location, client } = await harness();
    location.addAsset({ adamId: "1001", totalCount: 1 });
    sim.injectFault({ kind: "missing-field", path: "assets" });
    expect(await collect(client().assets())).toEqual([]);
    sim.injectFault({ kind: "missing-field", path: "client/config", field: "uId" });
    sim.injectFault({ kind: "missing-field", path: "client/config", field: "tokenExpirationDate" });
    const config = await client().getClientConfig();
    expect(config.uId).toBeUndefined();
    const missing = await rejectionOf(
      Promise.resolve().then(() =>
        requireField(config.uId, "uId", "GET client/config", "identifying the location"),
      ),
    );
    expect(missing).toBeInstanceOf(MissingFieldError);
    expect(missing).toMatchObject({ code: "malformed-response", path: "uId", retryable: false });
    expect((missing as Error).message).toContain("GET client/config returned no uId");
    expect((missing as Error).message).toContain("identifying the location");
    // A response useless without a field still fails to decode, naming it.
    const [operation] = await client().createUsers([{ clientUserId: "u-1" }]);
    sim.injectFault({ kind: "missing-field", path: "status", field: "eventStatus", times: 2 });
    expect(
      await rejectionOf(client({ retry: { baseDelayMs: 1 } }).operationStatus(operation!.operationId)),
    ).toMatchObject({
      code: "malformed-response",
      path: "eventStatus",
    });
  });

  it("a server that cannot be reached is a transport error after bounded retries", async () => {
    const { sim, virtualClient } = await harness();
    const baseUrl = sim.baseUrl;
    await sim.close();
    const error = await rejectionOf(virtualClient({ baseUrl }).serviceConfig());
    expect(codeOf(error)).toBe("transport");
    expect(error).toMatchObject({ retryable: true, attempts: 5 });
    expect((error as Error).message).toContain("ECONNREFUSED");
  });
});
