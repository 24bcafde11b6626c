import { describe, expect, it } from "vitest";
import { startWithLocation, useSimulators } from "../test/support/fixture.js";

const start = useSimulators();

describe("HTTP handling", () => {
  it("answers 405 / 9726 with Allow for a method an endpoint does not take", async () => {
    const { client } = await startWithLocation(start);
    const response = await client.raw("assets", { method: "DELETE" });
    expect([response.status, response.body.errorNumber, response.headers.get("allow")]).toEqual([
      405,
      9726,
      "GET",
    ]);
    const post = await client.post("assets", {});
    expect([post.status, post.body.errorNumber]).toEqual([405, 9726]);
  });

  it("answers 415 / 9727 for a POST that is not application/json", async () => {
    const { client } = await startWithLocation(start);
    const response = await client.raw("users/create", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ users: [{ clientUserId: "u" }] }),
    });
    expect([response.status, response.body.errorNumber]).toEqual([415, 9727]);
  });

  it("accepts a charset parameter on the JSON content type", async () => {
    const { client } = await startWithLocation(start);
    const response = await client.post(
      "users/create",
      { users: [{ clientUserId: "u" }] },
      {
        "content-type": "application/json; charset=utf-8",
      },
    );
    expect(response.status).toBe(200);
  });

  it("answers 400 / 9602 for a body that is not JSON, and for JSON that is not an object", async () => {
    const { client } = await startWithLocation(start);
    const broken = await client.raw("users/create", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: '{"users": [',
    });
    expect([broken.status, broken.body.errorNumber]).toEqual([400, 9602]);
    const array = await client.post("users/create", [1, 2]);
    expect([array.status, array.body.errorNumber]).toEqual([400, 9602]);
  });

  it("answers 404 for unknown endpoints", async () => {
    const { client, sim } = await startWithLocation(start);
    expect((await client.get("licenses")).status).toBe(404);
    expect((await fetch(`${sim.origin}/elsewhere`)).status).toBe(404);
  });

  it("logs method, path, query, status and token fingerprint of every API request", async () => {
    const { sim, client, location } = await startWithLocation(start);
    await client.get("assets", { pageIndex: 0, productType: "App" });
    await client.post("users/create", {});
    expect(sim.requests).toEqual([
      expect.objectContaining({
        method: "GET",
        path: "assets",
        query: { pageIndex: "0", productType: "App" },
        status: 200,
        tokenFingerprint: location.fingerprint,
      }),
      expect.objectContaining({ method: "POST", path: "users/create", query: {}, status: 400 }),
    ]);
    expect(sim.requests[0]?.at).toBeGreaterThan(0);
    sim.clearLogs();
    expect(sim.requests).toEqual([]);
  });

  it("tracks current and peak in-flight requests per path when latency is set", async () => {
    const { sim, client } = await startWithLocation(start, { latencyMs: 300 });
    await Promise.all([
      client.get("assets"),
      client.get("assets"),
      client.get("assets"),
      client.get("users"),
    ]);
    expect(sim.inFlight("assets")).toEqual({ current: 0, max: 3 });
    expect(sim.inFlight("users")).toEqual({ current: 0, max: 1 });
    expect(sim.inFlight()).toEqual({ current: 0, max: 4 });
    sim.setLatency(0);
    sim.clearLogs();
    await client.get("assets");
    expect(sim.inFlight("assets").max).toBe(1);
  });

  it("completes accepted work even when the client hung up before the answer", async () => {
    const { sim, location } = await startWithLocation(start, { latencyMs: 400 });
    location.addAsset({ adamId: "1", totalCount: 1 });
    const request = fetch(`${sim.baseUrl}/assets/associate`, {
      method: "POST",
      headers: { authorization: `Bearer ${location.sToken}`, "content-type": "application/json" },
      body: JSON.stringify({ assets: [{ adamId: "1" }], serialNumbers: ["S1"] }),
      signal: AbortSignal.timeout(150),
    });
    await expect(request).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(location.state().assignments).toEqual([{ adamId: "1", pricingParam: "STDQ", serialNumber: "S1" }]);
    expect(sim.inFlight()).toMatchObject({ current: 0 });
  });

  it("closes at once even while requests wait on simulated latency", async () => {
    const { sim, client } = await startWithLocation(start, { latencyMs: 5_000 });
    const pending = client.get("assets").catch(() => "aborted");
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = Date.now();
    await sim.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await pending).toBe("aborted");
  });
});
