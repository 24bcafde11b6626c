import { describe, expect, it } from "vitest";
import { startWithLocation, useSimulators } from "../../test/support/fixture.js";

const start = useSimulators();

const seeded = async () => {
  const setup = await startWithLocation(start);
  const { location } = setup;
  location.addAsset({ adamId: "10", totalCount: 5, supportedPlatforms: ["macOS"] });
  location.addAsset({ adamId: "20", totalCount: 5, deviceAssignable: false, supportedPlatforms: ["iOS"] });
  location.addAsset({ adamId: "30", free: true });
  location.addForeignUser({ clientUserId: "u1", status: "Associated" });
  return setup;
};

describe("device licenses and asset attributes", () => {
  it("keeps supportedPlatforms and deviceAssignable in the asset listing", async () => {
    const { client } = await seeded();
    const { assets } = (await client.get("assets")).body;
    expect(
      assets.map((asset: { adamId: string; supportedPlatforms: string[]; deviceAssignable: boolean }) => [
        asset.adamId,
        asset.supportedPlatforms,
        asset.deviceAssignable,
      ]),
    ).toEqual([
      ["10", ["macOS"], true],
      ["20", ["iOS"], false],
      ["30", ["iOS", "macOS"], true],
    ]);
  });

  it("with unlimited=false leaves free (unlimited) apps out", async () => {
    const { client } = await seeded();
    const limited = (await client.get("assets", { unlimited: false })).body;
    expect(limited.assets.map((asset: { adamId: string }) => asset.adamId)).toEqual(["10", "20"]);
    expect(limited.unlimitedAssets).toBeUndefined();
  });

  it("refuses serial numbers for an asset that is not deviceAssignable with 9707, and assigns nothing", async () => {
    const { client, location } = await seeded();
    const { status, body } = await client.post("assets/associate", {
      assets: [{ adamId: "20" }],
      serialNumbers: ["SER1"],
    });
    expect([status, body.errorNumber]).toEqual([400, 9707]);
    expect(location.state().assignments).toEqual([]);
  });

  it("assigns to serial numbers, lists them by serialNumber, and revokes everything a device holds", async () => {
    const { client, location } = await seeded();
    await client.post("assets/associate", {
      assets: [{ adamId: "10" }, { adamId: "30" }],
      serialNumbers: ["SER1"],
    });
    await client.post("assets/associate", { assets: [{ adamId: "10" }], clientUserIds: ["u1"] });
    const held = (await client.get("assignments", { serialNumber: "SER1" })).body.assignments;
    expect(held).toEqual([
      { adamId: "10", pricingParam: "STDQ", serialNumber: "SER1" },
      { adamId: "30", pricingParam: "STDQ", serialNumber: "SER1" },
    ]);
    const { body } = await client.post("assets/revoke", { serialNumbers: ["SER1"] });
    expect((await client.get("status", { eventId: body.eventId })).body.eventStatus).toBe("COMPLETE");
    expect(location.state().assignments).toEqual([
      expect.objectContaining({ adamId: "10", clientUserId: "u1" }),
    ]);
  });
});
