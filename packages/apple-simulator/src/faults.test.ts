import { describe, expect, it } from "vitest";
import { clientFor } from "../test/support/client.js";
import { startWithLocation, useSimulators } from "../test/support/fixture.js";

const start = useSimulators();

describe("injected faults", () => {
  it("rate-limit answers 429 / 9646, with Retry-After when asked", async () => {
    const { sim, client } = await startWithLocation(start);
    sim.injectFault({ kind: "rate-limit", retryAfterSeconds: 2 });
    const limited = await client.get("assets");
    expect([limited.status, limited.body.errorNumber, limited.headers.get("retry-after")]).toEqual([
      429,
      9646,
      "2",
    ]);
    expect((await client.get("assets")).status).toBe(200);
  });

  it("unavailable answers 503 / 9729 with Retry-After, `times` times, only on its path", async () => {
    const { sim, client } = await startWithLocation(start);
    sim.injectFault({ kind: "unavailable", path: "assets", times: 2, retryAfterSeconds: 120 });
    expect((await client.get("users")).status).toBe(200);
    for (let index = 0; index < 2; index += 1) {
      const response = await client.get("assets");
      expect([response.status, response.body.errorNumber, response.headers.get("retry-after")]).toEqual([
        503,
        9729,
        "120",
      ]);
    }
    expect((await client.get("assets")).status).toBe(200);
  });

  it("server-error answers 500 / 9603 and starts no work", async () => {
    const { sim, client, location } = await startWithLocation(start);
    location.addAsset({ adamId: "1", totalCount: 1 });
    sim.injectFault({ kind: "server-error", path: "/assets/associate/" });
    const response = await client.post("assets/associate", {
      assets: [{ adamId: "1" }],
      serialNumbers: ["S"],
    });
    expect([response.status, response.body.errorNumber]).toEqual([500, 9603]);
    expect(location.state().assignments).toEqual([]);
  });

  it("http-200-error answers HTTP 200 with an error body", async () => {
    const { sim, client } = await startWithLocation(start);
    sim.injectFault({ kind: "http-200-error", errorNumber: 9622 });
    const response = await client.get("client/config");
    expect([response.status, response.body.errorNumber]).toEqual([200, 9622]);
  });

  it("errorMessage replaces Apple's wording in the error body of every kind that sends one", async () => {
    const { sim, client } = await startWithLocation(start);
    const words = "anything at all \u0000 with a token in it";
    for (const kind of ["rate-limit", "unavailable", "server-error", "http-200-error"] as const) {
      sim.injectFault({ kind, path: "assets", errorMessage: words });
      const response = await client.get("assets");
      expect(response.body.errorMessage).toBe(words);
    }
    expect((await client.get("assets")).status).toBe(200);
    expect(() => sim.injectFault({ kind: "rate-limit", errorMessage: 42 as never })).toThrow(
      expect.objectContaining({ code: "SIM_INVALID_FAULT" }),
    );
  });

  it("malformed-json sends a truncated JSON body with HTTP 200", async () => {
    const { sim } = await startWithLocation(start);
    sim.injectFault({ kind: "malformed-json", path: "service/config" });
    const response = await fetch(`${sim.baseUrl}/service/config`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it("missing-field drops the endpoint's main field, or the one named", async () => {
    const { sim, client } = await startWithLocation(start);
    sim.injectFault({ kind: "missing-field", path: "assets" });
    const withoutAssets = await client.get("assets");
    expect(withoutAssets.status).toBe(200);
    expect(withoutAssets.body).not.toHaveProperty("assets");
    expect(withoutAssets.body).toHaveProperty("versionId");
    sim.injectFault({ kind: "missing-field", path: "users", field: "versionId" });
    const withoutVersion = await client.get("users");
    expect(withoutVersion.body).toHaveProperty("users");
    expect(withoutVersion.body).not.toHaveProperty("versionId");
  });

  it("fires faults in the order they were armed, before authentication", async () => {
    const { sim } = await startWithLocation(start);
    sim.injectFault({ kind: "unavailable" });
    sim.injectFault({ kind: "server-error" });
    const anonymous = clientFor(sim, null, "bad-token");
    expect((await anonymous.get("assets")).status).toBe(503);
    expect((await anonymous.get("assets")).status).toBe(500);
    expect((await anonymous.get("assets")).body.errorNumber).toBe(9622);
  });

  it("refuses impossible fault specs with a typed error", async () => {
    const { sim } = await startWithLocation(start);
    expect(() => sim.injectFault({ kind: "unavailable", times: 0 })).toThrow(
      expect.objectContaining({ code: "SIM_INVALID_FAULT" }),
    );
    sim.injectFault({ kind: "unavailable" });
    sim.clearFaults();
    expect((await fetch(`${sim.baseUrl}/service/config`)).status).toBe(200);
  });
});
