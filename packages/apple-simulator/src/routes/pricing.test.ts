import { describe, expect, it } from "vitest";
import { startWithLocation, useSimulators } from "../../test/support/fixture.js";

const start = useSimulators();

/** A book owned under both pricings, as Apple keys assets by (adamId, pricingParam). */
const both = async () => {
  const setup = await startWithLocation(start);
  setup.location.addAsset({ adamId: "9", totalCount: 3, productType: "Book", revocable: true });
  setup.location.addAsset({
    adamId: "9",
    totalCount: 5,
    productType: "Book",
    revocable: true,
    pricingParam: "PLUS",
  });
  setup.location.addForeignUser({ clientUserId: "u1", status: "Associated" });
  return setup;
};

const counts = async (client: Awaited<ReturnType<typeof both>>["client"]) =>
  (await client.get("assets", { adamId: "9" })).body.assets.map(
    (asset: { pricingParam: string; totalCount: number; assignedCount: number }) => [
      asset.pricingParam,
      asset.totalCount,
      asset.assignedCount,
    ],
  );

describe("assets keyed by (adamId, pricingParam)", () => {
  it("lists one adamId under STDQ and PLUS with separate counts", async () => {
    const { client } = await both();
    expect(await counts(client)).toEqual([
      ["STDQ", 3, 0],
      ["PLUS", 5, 0],
    ]);
  });

  it("associates the named pricing, STDQ when none is named, and lists the license under its pricing", async () => {
    const { client, location } = await both();
    await client.post("assets/associate", {
      assets: [{ adamId: "9", pricingParam: "PLUS" }],
      clientUserIds: ["u1"],
    });
    await client.post("assets/associate", { assets: [{ adamId: "9" }], clientUserIds: ["u1"] });
    expect(await counts(client)).toEqual([
      ["STDQ", 3, 1],
      ["PLUS", 5, 1],
    ]);
    const plus = (await client.get("assignments", { pricingParam: "PLUS" })).body.assignments;
    expect(plus).toEqual([{ adamId: "9", clientUserId: "u1", pricingParam: "PLUS" }]);
    await client.post("assets/disassociate", {
      assets: [{ adamId: "9", pricingParam: "PLUS" }],
      clientUserIds: ["u1"],
    });
    expect(location.state().assignments).toEqual([expect.objectContaining({ pricingParam: "STDQ" })]);
  });

  it("refuses the same asset twice in one request (9703), also when one names STDQ and one names none", async () => {
    const { client } = await both();
    const { status, body } = await client.post("assets/associate", {
      assets: [{ adamId: "9" }, { adamId: "9", pricingParam: "STDQ" }],
      clientUserIds: ["u1"],
    });
    expect([status, body.errorNumber, body.errorInfo]).toEqual([
      400,
      9703,
      { assets: [{ adamId: "9", pricingParam: "STDQ" }] },
    ]);
  });

  it("sets counts and takes foreign licenses per pricing; a second asset with the same pair is refused", async () => {
    const { client, location } = await both();
    location.setTotalCount("9", 8, { pricingParam: "PLUS", notify: false });
    location.addForeignAssignment({ adamId: "9", pricingParam: "PLUS", clientUserId: "u1" });
    expect(await counts(client)).toEqual([
      ["STDQ", 3, 0],
      ["PLUS", 8, 1],
    ]);
    expect(() => location.addAsset({ adamId: "9", pricingParam: "PLUS" })).toThrow(
      expect.objectContaining({ code: "SIM_DUPLICATE_ASSET" }),
    );
  });
});
