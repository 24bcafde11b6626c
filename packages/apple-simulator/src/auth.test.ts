import { describe, expect, it } from "vitest";
import { clientFor, nextYear } from "../test/support/client.js";
import { useSimulators } from "../test/support/fixture.js";

const start = useSimulators();

describe("bearer authentication", () => {
  it("answers 9722 / 401 without an Authorization header", async () => {
    const sim = await start();
    const { status, body } = await clientFor(sim, null).get("assets");
    expect(status).toBe(401);
    expect(body.errorNumber).toBe(9722);
  });

  it("answers 9722 / 401 for a header that is not 'Bearer {sToken}'", async () => {
    const sim = await start();
    const location = sim.addLocation({ orgName: "O", expiresAt: nextYear() });
    const response = await clientFor(sim, null).raw("assets", {
      headers: { authorization: `Basic ${location.sToken}` },
    });
    expect(response.status).toBe(401);
    expect(response.body.errorNumber).toBe(9722);
  });

  it("answers 9622 / 401 for an unknown token by default", async () => {
    const sim = await start();
    const { status, body } = await clientFor(sim, null, "not-a-token").get("client/config");
    expect(status).toBe(401);
    expect(body).toMatchObject({ errorNumber: 9622, errorMessage: expect.any(String) });
  });

  it("can answer 9622 with HTTP 200, as Apple has been seen to, by option or at run time", async () => {
    const sim = await start({ invalidTokenHttpStatus: 200 });
    expect((await clientFor(sim, null, "nope").get("assets")).status).toBe(200);
    expect((await clientFor(sim, null, "nope").get("assets")).body.errorNumber).toBe(9622);
    sim.setInvalidTokenHttpStatus(401);
    expect((await clientFor(sim, null, "nope").get("assets")).status).toBe(401);
  });

  it("answers 9625 / 401 once the token is revoked", async () => {
    const sim = await start();
    const location = sim.addLocation({ orgName: "O", expiresAt: nextYear() });
    location.revokeToken();
    const { status, body } = await clientFor(sim, location).get("client/config");
    expect([status, body.errorNumber]).toEqual([401, 9625]);
  });

  it("answers 9621 / 401 once the token is expired by hand", async () => {
    const sim = await start();
    const location = sim.addLocation({ orgName: "O", expiresAt: nextYear() });
    location.expireToken();
    const { status, body } = await clientFor(sim, location).get("assets");
    expect([status, body.errorNumber]).toEqual([401, 9621]);
  });

  it("answers 9621 when the injected clock passes expDate", async () => {
    let now = new Date("2030-01-01T00:00:00Z");
    const sim = await start({ now: () => now });
    const location = sim.addLocation({ orgName: "O", expiresAt: "2030-06-01T00:00:00Z" });
    expect((await clientFor(sim, location).get("assets")).status).toBe(200);
    now = new Date("2030-06-01T00:00:00Z");
    expect((await clientFor(sim, location).get("assets")).body.errorNumber).toBe(9621);
    expect(location.state().tokenState).toBe("expired");
  });

  it("never puts the token in the request log, only its fingerprint", async () => {
    const sim = await start();
    const location = sim.addLocation({ orgName: "O", expiresAt: nextYear() });
    await clientFor(sim, location).get("assets");
    await clientFor(sim, location, location.vppTokenFile()).get("assets");
    expect(sim.requests.map((entry) => entry.tokenFingerprint)).toEqual([
      location.fingerprint,
      location.fingerprint,
    ]);
    expect(JSON.stringify(sim.requests)).not.toContain(location.sToken);
  });
});
