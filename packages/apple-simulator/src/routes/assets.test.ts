import { describe, expect, it } from "vitest";
import type { ApiResponse } from "../../test/support/client.js";
import { startWithLocation, useSimulators } from "../../test/support/fixture.js";
import { UNLIMITED_COUNT } from "../model/assets.js";

const start = useSimulators();

const seeded = async (pageSize?: number) => {
  const setup = await startWithLocation(start, pageSize === undefined ? undefined : { pageSize });
  const { location } = setup;
  location.addAsset({ adamId: "100", totalCount: 10 });
  location.addAsset({ adamId: "200", totalCount: 3, pricingParam: "PLUS", revocable: false });
  location.addAsset({ adamId: "300", totalCount: 5, productType: "Book" });
  location.addAsset({ adamId: "400", free: true });
  location.addForeignAssignment({ adamId: "100", serialNumber: "SER1" });
  location.addForeignAssignment({ adamId: "100", serialNumber: "SER2" });
  return setup;
};

const ids = (body: ApiResponse["body"]) => (body.assets as { adamId: string }[]).map((asset) => asset.adamId);

describe("GET assets", () => {
  it("lists every asset with Apple's fields and consistent counts", async () => {
    const { client } = await seeded();
    const { status, body } = await client.get("assets");
    expect(status).toBe(200);
    expect(body.assets[0]).toEqual({
      adamId: "100",
      assignedCount: 2,
      availableCount: 8,
      deviceAssignable: true,
      pricingParam: "STDQ",
      productType: "App",
      retiredCount: 0,
      revocable: true,
      supportedPlatforms: expect.any(Array),
      totalCount: 10,
    });
    expect(body.assets[2]).toMatchObject({
      adamId: "300",
      productType: "Book",
      deviceAssignable: false,
      revocable: false,
    });
    expect(body).toMatchObject({
      currentPageIndex: 0,
      size: 4,
      totalPages: 1,
      versionId: expect.any(String),
    });
    expect(body.nextPageIndex).toBeUndefined();
  });

  it("reports free apps as unlimited with totalCount 2147483647", async () => {
    const { client } = await seeded();
    const { body } = await client.get("assets", { adamId: "400" });
    expect(body.assets).toEqual([expect.objectContaining({ adamId: "400", totalCount: UNLIMITED_COUNT })]);
  });

  it("with unlimited=true moves free apps to unlimitedAssets without counts", async () => {
    const { client } = await seeded();
    const { body } = await client.get("assets", { unlimited: true });
    expect(ids(body)).toEqual(["100", "200", "300"]);
    expect(body.unlimitedAssets).toHaveLength(1);
    expect(body.unlimitedAssets[0].adamId).toBe("400");
    expect(body.unlimitedAssets[0]).not.toHaveProperty("totalCount");
    expect(body.unlimitedAssets[0]).not.toHaveProperty("availableCount");
  });

  it.each([
    [{ adamId: "200" }, ["200"]],
    [{ productType: "Book" }, ["300"]],
    [{ pricingParam: "PLUS" }, ["200"]],
    [{ revocable: false }, ["200", "300"]],
    [{ deviceAssignable: false }, ["300"]],
    [{ minAssignedCount: 1 }, ["100"]],
    [{ maxAssignedCount: 0 }, ["200", "300", "400"]],
    [{ minAvailableCount: 5 }, ["100", "300", "400"]],
    [{ maxAvailableCount: 5 }, ["200", "300"]],
    [{ productType: "App", maxAvailableCount: 8 }, ["100", "200"]],
  ])("filters by %j", async (query, expected) => {
    const { client } = await seeded();
    expect(ids((await client.get("assets", query)).body)).toEqual(expected);
  });

  it.each([
    { productType: "Movie" },
    { revocable: "maybe" },
    { minAvailableCount: -1 },
    { pricingParam: "X" },
  ])("rejects the invalid filter %j with 9602", async (query) => {
    const { client } = await seeded();
    const { status, body } = await client.get("assets", query);
    expect([status, body.errorNumber]).toEqual([400, 9602]);
  });

  it("pages with nextPageIndex only while more pages remain, and 9650 past the end", async () => {
    const { client } = await seeded(3);
    const first = (await client.get("assets")).body;
    expect(first).toMatchObject({ currentPageIndex: 0, nextPageIndex: 1, size: 3, totalPages: 2 });
    const second = (await client.get("assets", { pageIndex: first.nextPageIndex })).body;
    expect(second).toMatchObject({ currentPageIndex: 1, size: 1, totalPages: 2 });
    expect(second).not.toHaveProperty("nextPageIndex");
    expect([...ids(first), ...ids(second)]).toEqual(["100", "200", "300", "400"]);
    const beyond = await client.get("assets", { pageIndex: 2 });
    expect([beyond.status, beyond.body.errorNumber]).toEqual([400, 9650]);
    expect((await client.get("assets", { pageIndex: "x" })).body.errorNumber).toBe(9650);
  });

  it("changes versionId when counts change (purchase, assignment) and not otherwise", async () => {
    const { client, location } = await seeded();
    const before = (await client.get("assets")).body.versionId;
    expect((await client.get("assets")).body.versionId).toBe(before);
    location.setTotalCount("100", 20);
    const afterPurchase = (await client.get("assets")).body.versionId;
    expect(afterPurchase).not.toBe(before);
    location.addForeignAssignment({
      adamId: "300",
      clientUserId: location.addForeignUser({ clientUserId: "u" }).clientUserId,
    });
    expect((await client.get("assets")).body.versionId).not.toBe(afterPurchase);
  });

  it("shows a negative availableCount when a refund drops totalCount below the assigned count", async () => {
    const { client, location } = await seeded();
    location.setTotalCount("100", 1, { notify: false });
    const { body } = await client.get("assets", { adamId: "100" });
    expect(body.assets[0]).toMatchObject({ totalCount: 1, assignedCount: 2, availableCount: -1 });
  });
});
