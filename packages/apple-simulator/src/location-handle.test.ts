import { describe, expect, it } from "vitest";
import { nextYear } from "../test/support/client.js";
import { useSimulators } from "../test/support/fixture.js";

const start = useSimulators();

type Located = Awaited<ReturnType<typeof located>>["location"];

const located = async () => {
  const sim = await start();
  return { sim, location: sim.addLocation({ orgName: "ORG", expiresAt: nextYear() }) };
};

describe("SimLocation setup API", () => {
  it("keeps totalCount = assigned + available + retired across purchases and assignments", async () => {
    const { location } = await located();
    location.addAsset({ adamId: "1", totalCount: 3 });
    location.addForeignAssignment({ adamId: "1", serialNumber: "A" });
    location.setTotalCount("1", 5, { notify: false });
    const [asset] = location.state().assets;
    expect(asset).toMatchObject({ totalCount: 5, assignedCount: 1, availableCount: 4, retiredCount: 0 });
  });

  it("refuses a foreign assignment when no license is left", async () => {
    const { location } = await located();
    location.addAsset({ adamId: "1", totalCount: 1 });
    location.addForeignAssignment({ adamId: "1", serialNumber: "A" });
    expect(() => location.addForeignAssignment({ adamId: "1", serialNumber: "B" })).toThrow(
      expect.objectContaining({ code: "SIM_NO_LICENSE_LEFT" }),
    );
  });

  it.each([
    ["duplicate asset", (l: Located) => l.addAsset({ adamId: "1", totalCount: 1 }), "SIM_DUPLICATE_ASSET"],
    ["negative count", (l: Located) => l.setTotalCount("1", -1), "SIM_INVALID_COUNT"],
    ["unknown user", (l: Located) => l.acceptInvitation("ghost"), "SIM_UNKNOWN_USER"],
    ["duplicate user", (l: Located) => l.addForeignUser({ clientUserId: "u" }), "SIM_DUPLICATE_USER"],
    [
      "book to a device",
      (l: Located) => l.addForeignAssignment({ adamId: "2", serialNumber: "S" }),
      "SIM_NOT_DEVICE_ASSIGNABLE",
    ],
    ["user without id", (l: Located) => l.addForeignUser({ clientUserId: "" }), "SIM_INVALID_USER"],
    ["asset without id", (l: Located) => l.addAsset({ adamId: "" }), "SIM_INVALID_ASSET"],
    [
      "user to unknown asset",
      (l: Located) => l.addForeignAssignment({ adamId: "9", clientUserId: "u" }),
      "SIM_UNKNOWN_ASSET",
    ],
  ])("throws a typed setup error for a %s", async (_name, act, code) => {
    const { location } = await located();
    location.addAsset({ adamId: "1", totalCount: 1 });
    location.addAsset({ adamId: "2", totalCount: 1, productType: "Book" });
    location.addForeignUser({ clientUserId: "u" });
    expect(() => act(location)).toThrow(expect.objectContaining({ code }));
  });

  it("accepts an invitation only for a Registered user", async () => {
    const { location } = await located();
    location.addForeignUser({ clientUserId: "u" });
    expect(location.acceptInvitation("u")).toMatchObject({
      status: "Associated",
      idHash: expect.any(String),
    });
    expect(() => location.acceptInvitation("u")).toThrow(
      expect.objectContaining({ code: "SIM_NOT_INVITED" }),
    );
  });

  it("refuses a location with an invalid expiry date", async () => {
    const sim = await start();
    expect(() => sim.addLocation({ orgName: "O", expiresAt: "soon" })).toThrow(
      expect.objectContaining({ code: "SIM_INVALID_DATE" }),
    );
  });

  it("state() is a copy: mutating it changes nothing", async () => {
    const { location } = await located();
    location.addAsset({ adamId: "1", totalCount: 1 });
    const state = location.state();
    (state.assets as unknown as { totalCount: number }[])[0]!.totalCount = 99;
    expect(location.state().assets[0]?.totalCount).toBe(1);
  });

  it("lets two locations share a uId, as tokens of one library do", async () => {
    const sim = await start();
    const first = sim.addLocation({ orgName: "O", expiresAt: nextYear(), uId: "2049025000431439" });
    const second = sim.addLocation({ orgName: "O", expiresAt: nextYear(), uId: "2049025000431439" });
    expect(first.sToken).not.toBe(second.sToken);
    expect(sim.locations()).toEqual([first, second]);
  });
});
