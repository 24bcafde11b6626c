import { afterEach, describe, expect, it } from "vitest";
import { clientFor, nextYear } from "../test/support/client.js";
import { type AppleSimulator, startAppleSimulator } from "./index.js";

let sim: AppleSimulator | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe("startAppleSimulator", () => {
  it("serves v2 under /mdm/v2 on an ephemeral loopback port", async () => {
    sim = await startAppleSimulator();
    expect(sim.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mdm\/v2$/);
    const response = await clientFor(sim, null).get("service/config");
    expect(response.status).toBe(200);
  });

  it("answers a location's client config with its identity, token date and uId", async () => {
    sim = await startAppleSimulator();
    const location = sim.addLocation({
      orgName: "ORG1",
      locationName: "Paris",
      expiresAt: "2030-11-08T22:33:22Z",
    });
    const response = await clientFor(sim, location).get("client/config");
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      locationName: "Paris",
      countryISO2ACode: "US",
      tokenExpirationDate: "2030-11-08T22:33:22+0000",
      uId: location.uId,
    });
    expect(response.body.mdmInfo).toBeUndefined();
  });

  it("accepts the whole .vpptoken content as bearer, as real clients send it", async () => {
    sim = await startAppleSimulator();
    const location = sim.addLocation({ orgName: "ORG1", expiresAt: nextYear() });
    const decoded = JSON.parse(Buffer.from(location.vppTokenFile(), "base64").toString("utf8"));
    expect(decoded).toEqual({
      token: location.sToken,
      expDate: expect.stringMatching(/\+0000$/),
      orgName: "ORG1",
    });
    const response = await clientFor(sim, location, location.vppTokenFile()).get("client/config");
    expect(response.status).toBe(200);
  });

  it("close is idempotent and frees the port", async () => {
    sim = await startAppleSimulator();
    const { baseUrl } = sim;
    await sim.close();
    await sim.close();
    await expect(fetch(`${baseUrl}/service/config`)).rejects.toThrow();
  });
});
