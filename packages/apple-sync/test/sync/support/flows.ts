import { requestInstall } from "@vpp-ledger/core";
import { right, type SyncHarness, startHarness, TENANT } from "./harness.js";
import { poolInLedger } from "./ledger-fixtures.js";
import type { OutboundProbe } from "./outbound.js";
import { syncNow } from "./scenario.js";

/** A user's install request through the ledger's workflow (R12, R15). */
export const install = async (h: SyncHarness, adamId: string, userId: string) =>
  right(
    await requestInstall(
      h.ledger,
      { tenantId: TENANT, adamId, userId, at: h.clock.now() },
      { commandId: `install-${adamId}-${userId}-${h.clock.now()}`, actor: { kind: "device", id: "SERIAL1" } },
    ),
  );

/** A linked tenant with app 100 (2 licenses at Apple and in the ledger, deployed as required). */
export const linked = async () => {
  const h = await startHarness();
  h.loc.addAsset({ adamId: "100", totalCount: 2 });
  await h.link();
  await poolInLedger(h, "100", 2);
  return h;
};

let syncs = 0;

/**
 * The user's whole path to a license of app 100: install request, invitation delivered, accepted at Apple,
 * sync, install again (assigned), association delivered.
 */
export const licensedUser = async (h: SyncHarness, out: OutboundProbe, userId: string): Promise<void> => {
  await install(h, "100", userId);
  await out.deliver();
  h.loc.acceptInvitation(userId);
  right(await syncNow(h, `flow-sync-${++syncs}`));
  await install(h, "100", userId);
  await out.deliver();
};
