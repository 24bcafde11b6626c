import { describe, expect, it } from "vitest";
import { isAppleApiError, type MdmConflictError } from "../../src/index.js";
import { harness, OTHER_MDM, OUR_MDM, pagesOf, rejectionOf, requestsTo } from "./support/setup.js";

describe("location ownership (mdmInfo)", () => {
  it("claimLocation writes our mdmInfo on an unclaimed location", async () => {
    const { location, client } = await harness();
    const apple = client({ mdmInfo: OUR_MDM });
    expect(await apple.inspectOwnership()).toEqual({ state: "unclaimed", uId: location.uId });
    const config = await apple.claimLocation();
    expect(config.mdmInfo).toEqual(OUR_MDM);
    expect(location.state()).toMatchObject({ mdmInfo: OUR_MDM });
    expect(await apple.inspectOwnership()).toEqual({ state: "ours", mdmInfo: OUR_MDM, uId: location.uId });
  });

  it("claiming an already-ours location sends no write", async () => {
    const { sim, location, client } = await harness();
    location.setMdmInfo(OUR_MDM);
    await client({ mdmInfo: OUR_MDM }).claimLocation(OUR_MDM);
    expect(requestsTo(sim, "client/config").map((r) => r.method)).toEqual(["GET"]);
  });

  it("R6: refuses to claim a location another MDM holds unless an admin confirms the takeover", async () => {
    const { location, client } = await harness();
    location.setMdmInfo(OTHER_MDM);
    const apple = client({ mdmInfo: OUR_MDM });
    const refused = await rejectionOf(apple.claimLocation());
    expect(isAppleApiError(refused, "mdm-conflict")).toBe(true);
    expect((refused as MdmConflictError).holder).toMatchObject({ id: OTHER_MDM.id, name: OTHER_MDM.name });
    expect((refused as Error).message).toContain("Other MDM");
    expect(location.state()).toMatchObject({ mdmInfo: OTHER_MDM });
    const taken = await apple.claimLocation(undefined, { takeOver: true });
    expect(taken.mdmInfo).toEqual(OUR_MDM);
  });

  it("R8: another MDM's mdmInfo on any response stops the client: callback once, no more Apple calls", async () => {
    const { sim, location, client } = await harness({ pageSize: 2 });
    location.addAsset({ adamId: "1001", totalCount: 10 });
    location.addAsset({ adamId: "1002", totalCount: 10 });
    location.addAsset({ adamId: "1003", totalCount: 10 });
    const conflicts: MdmConflictError[] = [];
    const apple = client({ mdmInfo: OUR_MDM, onMdmConflict: (conflict) => conflicts.push(conflict) });
    await apple.claimLocation();

    location.setMdmInfo(OTHER_MDM);
    const onRead = await rejectionOf(pagesOf(apple.assets()));
    expect(isAppleApiError(onRead, "mdm-conflict")).toBe(true);
    expect(conflicts).toHaveLength(1);
    expect(conflicts[0]?.holder.id).toBe(OTHER_MDM.id);
    expect(apple.ownershipConflict?.holder.id).toBe(OTHER_MDM.id);

    const before = sim.requests.length;
    const onWrite = await rejectionOf(
      apple.associateAssets({ assets: [{ adamId: "1001" }], clientUserIds: ["u"] }),
    );
    const onStatus = await rejectionOf(apple.operationStatus("e"));
    expect([onWrite, onStatus].every((error) => isAppleApiError(error, "mdm-conflict"))).toBe(true);
    expect(sim.requests.length).toBe(before);
    expect(conflicts).toHaveLength(1);
  });

  it("detects a takeover in the middle of a paged walk", async () => {
    const { location, client } = await harness({ pageSize: 1 });
    for (let i = 0; i < 6; i++) location.addAsset({ adamId: String(1000 + i), totalCount: 1 });
    location.setMdmInfo(OUR_MDM);
    const apple = client({ mdmInfo: OUR_MDM });
    const seen: number[] = [];
    const walk = async () => {
      for await (const page of apple.assets()) {
        seen.push(page.pageIndex);
        if (page.pageIndex === 0) location.setMdmInfo(OTHER_MDM);
      }
    };
    expect(isAppleApiError(await rejectionOf(walk()), "mdm-conflict")).toBe(true);
    expect(seen).toEqual([0]);
  });

  it("an admin's confirmed takeover clears the stop", async () => {
    const { location, client } = await harness();
    const apple = client({ mdmInfo: OUR_MDM });
    location.setMdmInfo(OTHER_MDM);
    await rejectionOf(apple.getClientConfig());
    expect(apple.ownershipConflict).toBeDefined();
    await apple.claimLocation(OUR_MDM, { takeOver: true });
    expect(apple.ownershipConflict).toBeUndefined();
    expect((await apple.getClientConfig()).mdmInfo).toEqual(OUR_MDM);
  });

  it("a client with no identity of its own only reports who holds the location", async () => {
    const { location, client } = await harness();
    location.setMdmInfo(OTHER_MDM);
    const apple = client();
    expect((await apple.getClientConfig()).mdmInfo).toEqual(OTHER_MDM);
    expect(await apple.inspectOwnership()).toEqual({ state: "other", mdmInfo: OTHER_MDM, uId: location.uId });
  });
});
