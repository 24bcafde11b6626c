import { describe, expect, it } from "vitest";
import { clientFor } from "../../test/support/client.js";
import { useSimulators } from "../../test/support/fixture.js";
import { DEFAULT_LIMITS } from "../limits.js";

const start = useSimulators();

describe("GET service/config", () => {
  it("needs no token and lists urls, limits, notification types and error codes", async () => {
    const sim = await start();
    const { status, body } = await clientFor(sim, null).get("service/config");
    expect(status).toBe(200);
    expect(body.urls).toMatchObject({
      getAssets: `${sim.baseUrl}/assets`,
      associateAssets: `${sim.baseUrl}/assets/associate`,
      eventStatus: `${sim.baseUrl}/status`,
      clientConfig: `${sim.baseUrl}/client/config`,
    });
    expect(Object.keys(body.urls).sort()).toEqual(
      [
        "invitationEmail",
        "clientConfig",
        "createUsers",
        "getAssignments",
        "revokeAssets",
        "contentMetadataLookup",
        "getUsers",
        "eventStatus",
        "associateAssets",
        "disassociateAssets",
        "updateUsers",
        "getAssets",
        "retireUsers",
      ].sort(),
    );
    expect(body.urls.invitationEmail).toContain("inviteCode=%25inviteCode%25");
    expect(body.limits).toEqual(DEFAULT_LIMITS);
    expect(body.notificationTypes).toEqual(
      expect.arrayContaining([
        "ASSET_MANAGEMENT",
        "ASSET_COUNT",
        "USER_MANAGEMENT",
        "USER_ASSOCIATED",
        "TEST_NOTIFICATION",
      ]),
    );
    expect(body.errorCodes).toContainEqual({ errorNumber: 9646, errorMessage: expect.any(String) });
    expect(body.errorCodes).toContainEqual({ errorNumber: 9709, errorMessage: expect.any(String) });
  });

  it("reports overridden limits and maxRequestPerSecond", async () => {
    const sim = await start({ limits: { maxAssets: 3, maxNewThing: 7 }, maxRequestPerSecond: 4 });
    const { body } = await clientFor(sim, null).get("service/config");
    expect(body.limits).toMatchObject({
      maxAssets: 3,
      maxNewThing: 7,
      maxRequestPerSecond: 4,
      maxUsers: 100,
    });
  });

  it("uses a custom invitation URL template", async () => {
    const template = "https://invite.example/join?code=%25inviteCode%25";
    const sim = await start({ invitationBaseUrl: template });
    const { body } = await clientFor(sim, null).get("service/config");
    expect(body.urls.invitationEmail).toBe(template);
  });

  it("refuses an invitation template without the placeholder", async () => {
    await expect(start({ invitationBaseUrl: "https://invite.example/join" })).rejects.toMatchObject({
      code: "SIMULATOR_INVALID_OPTION",
    });
  });
});
