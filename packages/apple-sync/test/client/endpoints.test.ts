import { describe, expect, it } from "vitest";
import { isAppleApiError } from "../../src/index.js";
import { collect, harness, OUR_MDM, pagesOf, rejectionOf, requestsTo } from "./support/setup.js";

describe("every v2 endpoint against the simulator", () => {
  it("GET service/config: limits, urls and notification types, sent without a token", async () => {
    const { sim, client } = await harness({ limits: { maxAssets: 7 } });
    const config = await client().serviceConfig();
    expect(config.limits.maxAssets).toBe(7);
    expect(config.limits.maxRequestPerSecond).toBe(15);
    expect(config.urls.getAssignments).toBe(`${sim.baseUrl}/assignments`);
    expect(config.notificationTypes).toContain("ASSET_MANAGEMENT");
    expect(requestsTo(sim, "service/config")[0]?.tokenFingerprint).toBeUndefined();
  });

  it("GET client/config: location identity and token expiry; the bearer is the sToken", async () => {
    const { sim, location, client } = await harness();
    const config = await client().getClientConfig();
    expect(config).toMatchObject({
      uId: location.uId,
      locationName: "Example School",
      countryISO2ACode: "US",
    });
    expect(config.tokenExpirationDate).toMatch(/^2030-01-01T00:00:00/);
    expect(config.mdmInfo).toBeUndefined();
    expect(requestsTo(sim, "client/config")[0]?.tokenFingerprint).toBe(location.fingerprint);
  });

  it("POST client/config: writes mdmInfo, which Apple then echoes on every response", async () => {
    const { location, client } = await harness();
    location.addAsset({ adamId: "1001", totalCount: 3 });
    const apple = client({ mdmInfo: OUR_MDM });
    const updated = await apple.updateClientConfig({ mdmInfo: OUR_MDM });
    expect(updated.mdmInfo).toEqual(OUR_MDM);
    const [page] = await pagesOf(apple.assets());
    expect(page?.response.mdmInfo).toEqual(OUR_MDM);
  });

  it("POST client/config: refuses values beyond Apple's live limits before sending", async () => {
    const { sim, client } = await harness({ limits: { maxMdmNameLength: 5 } });
    const error = await rejectionOf(
      client().updateClientConfig({ mdmInfo: { ...OUR_MDM, name: "too long" } }),
    );
    expect(isAppleApiError(error, "invalid-request")).toBe(true);
    expect((error as Error).message).toContain("mdmInfo.name must be 1 to 5 characters");
    expect(requestsTo(sim, "client/config")).toHaveLength(0);
  });

  it("GET assets: every asset with its counts, filters passed through", async () => {
    const { location, client } = await harness();
    location.addAsset({ adamId: "1001", totalCount: 10 });
    location.addAsset({ adamId: "2002", totalCount: 5, productType: "Book" });
    location.addAsset({ adamId: "3003", free: true });
    const all = await collect(client().assets());
    expect(all.map((a) => a.adamId).sort()).toEqual(["1001", "2002", "3003"]);
    expect(all.find((a) => a.adamId === "1001")).toMatchObject({
      totalCount: 10,
      availableCount: 10,
      assignedCount: 0,
    });
    expect(all.find((a) => a.adamId === "3003")?.totalCount).toBe(2147483647);
    const books = await collect(client().assets({ productType: "Book" }));
    expect(books.map((a) => a.adamId)).toEqual(["2002"]);
  });

  it("POST assets/associate, GET assignments, POST assets/disassociate", async () => {
    const { location, client } = await harness();
    location.addAsset({ adamId: "1001", totalCount: 10, deviceAssignable: true });
    const apple = client();
    const [operation] = await apple.associateAssets({
      assets: [{ adamId: "1001" }],
      serialNumbers: ["SN1", "SN2"],
    });
    expect(operation?.operationId).toEqual(expect.any(String));
    expect((await apple.waitForOperation(operation!.operationId, { pollIntervalMs: 10 })).eventStatus).toBe(
      "COMPLETE",
    );
    const held = await collect(apple.assignments({ adamId: "1001" }));
    expect(held.map((a) => a.serialNumber).sort()).toEqual(["SN1", "SN2"]);
    const [undo] = await apple.disassociateAssets({ assets: [{ adamId: "1001" }], serialNumbers: ["SN1"] });
    await apple.waitForOperation(undo!.operationId, { pollIntervalMs: 10 });
    expect((await collect(apple.assignments())).map((a) => a.serialNumber)).toEqual(["SN2"]);
  });

  it("POST users/create, users/update, users/retire and GET users", async () => {
    const { client } = await harness();
    const apple = client();
    const [created] = await apple.createUsers([
      { clientUserId: "u-1", email: "ana@example.com" },
      { clientUserId: "u-2", email: "ben@example.com" },
    ]);
    expect((await apple.waitForOperation(created!.operationId, { pollIntervalMs: 10 })).eventStatus).toBe(
      "COMPLETE",
    );
    const registered = await collect(apple.users());
    expect(registered.map((u) => [u.clientUserId, u.status]).sort()).toEqual([
      ["u-1", "Registered"],
      ["u-2", "Registered"],
    ]);
    expect(registered[0]?.inviteCode).toEqual(expect.any(String));
    const [updated] = await apple.updateUsers([{ clientUserId: "u-1", email: "ana@new.example.com" }]);
    await apple.waitForOperation(updated!.operationId, { pollIntervalMs: 10 });
    expect((await collect(apple.users({ clientUserId: "u-1" })))[0]?.email).toBe("ana@new.example.com");
    const [retired] = await apple.retireUsers(["u-2"]);
    await apple.waitForOperation(retired!.operationId, { pollIntervalMs: 10 });
    expect((await collect(apple.users({ activeOnly: true }))).map((u) => u.clientUserId)).toEqual(["u-1"]);
  });

  it("POST assets/revoke removes every revocable asset from the listed users", async () => {
    const { location, client } = await harness();
    location.addAsset({ adamId: "1001", totalCount: 5 });
    location.addAsset({ adamId: "2002", totalCount: 5 });
    location.addForeignUser({ clientUserId: "u-1", status: "Associated" });
    const apple = client();
    const [assigned] = await apple.associateAssets({
      assets: [{ adamId: "1001" }, { adamId: "2002" }],
      clientUserIds: ["u-1"],
    });
    await apple.waitForOperation(assigned!.operationId, { pollIntervalMs: 10 });
    expect(await collect(apple.assignments({ clientUserId: "u-1" }))).toHaveLength(2);
    const [revoked] = await apple.revokeAssets({ clientUserIds: ["u-1"] });
    expect((await apple.waitForOperation(revoked!.operationId, { pollIntervalMs: 10 })).eventStatus).toBe(
      "COMPLETE",
    );
    expect(await collect(apple.assignments({ clientUserId: "u-1" }))).toHaveLength(0);
  });

  it("GET status: an association beyond the licenses left fails with 9709 in failures", async () => {
    const { location, client } = await harness();
    location.addAsset({ adamId: "1001", totalCount: 1, deviceAssignable: true });
    const apple = client();
    const [operation] = await apple.associateAssets({
      assets: [{ adamId: "1001" }],
      serialNumbers: ["SN1", "SN2"],
    });
    const status = await apple.operationStatus(operation!.operationId);
    expect(status.eventStatus).toBe("FAILED");
    expect(status.failures?.map((f) => f.errorNumber)).toContain(9709);
    expect(status).toMatchObject({ numRequested: 2, uId: location.uId });
  });

  it("GET status for an unknown operation is an invalid-request carrying 9708", async () => {
    const { client } = await harness();
    const error = await rejectionOf(client().operationStatus("no-such-operation"));
    expect(isAppleApiError(error, "invalid-request")).toBe(true);
    expect((error as { errorNumber?: number }).errorNumber).toBe(9708);
  });

  it("an observer that throws never fails the call it observes", async () => {
    const { client } = await harness();
    const apple = client({
      observer: () => {
        throw new Error("logger down");
      },
    });
    expect((await apple.getClientConfig()).uId).toEqual(expect.any(String));
  });
});
