import { syncAccount } from "../../../src/index.js";
import { type HarnessOptions, type SyncHarness, startHarness, TENANT } from "./harness.js";
import { inviteInLedger } from "./ledger-fixtures.js";

/** Runs a manual sync of the test tenant. */
export const syncNow = (h: SyncHarness, syncId: string, takeOver?: boolean) =>
  syncAccount(h.deps, {
    tenantId: TENANT,
    syncId,
    trigger: "manual",
    at: h.clock.now(),
    ...(takeOver === undefined ? {} : { takeOver }),
  });

/**
 * A linked location with apps 100 (10 licenses) and 200 (3), free app 300, book 900; our users u-accepted
 * (Associated at Apple) and u-pending (Registered); foreign users f-1 (holding 100 and 200) and f-2.
 */
export const seeded = async (options: HarnessOptions = {}): Promise<SyncHarness> => {
  const h = await startHarness({ ...options, simulator: { pageSize: 2, ...options.simulator } });
  h.loc.addAsset({ adamId: "100", totalCount: 10 });
  h.loc.addAsset({ adamId: "200", totalCount: 3 });
  h.loc.addAsset({ adamId: "300", totalCount: 0, free: true });
  h.loc.addAsset({ adamId: "900", totalCount: 5, productType: "Book" });
  h.loc.addForeignUser({ clientUserId: "u-accepted", status: "Associated" });
  h.loc.addForeignUser({ clientUserId: "u-pending" });
  h.loc.addForeignUser({ clientUserId: "f-1", status: "Associated" });
  h.loc.addForeignUser({ clientUserId: "f-2" });
  h.loc.addForeignAssignment({ adamId: "100", clientUserId: "f-1" });
  h.loc.addForeignAssignment({ adamId: "200", clientUserId: "f-1" });
  await h.link();
  await inviteInLedger(h, "u-accepted");
  await inviteInLedger(h, "u-pending");
  return h;
};
