import type { LedgerEvent } from "@vpp-ledger/core";
import { AccountOverviewApplier } from "./account-overview.js";
import type { BatchScope, ReadModelApplier } from "./applier.js";
import { InstallMonitorApplier } from "./install-monitor.js";
import { LicenseAuditApplier } from "./license-audit.js";
import { LicenseHistoryApplier } from "./license-history.js";
import { PurchasedAppsApplier } from "./purchased-apps.js";

/**
 * Applies events to all five read models of one generation, inside the caller's transaction: every applier reads
 * the rows the events need, the events are folded in log order, then every applier writes what changed. The
 * audit and the purchased apps read the pool and its holders as they stood before each event, so they apply it
 * before the install monitor and the license history (which keep which users and devices hold a license) do.
 */
export const applyEvents = async (scope: BatchScope, events: ReadonlyArray<LedgerEvent>): Promise<void> => {
  if (events.length === 0) return;
  const installs = new InstallMonitorApplier(scope);
  const history = new LicenseHistoryApplier(scope);
  const pools = new PurchasedAppsApplier(scope, installs, history);
  const appliers: ReadonlyArray<ReadModelApplier> = [
    new LicenseAuditApplier(scope, pools),
    pools,
    installs,
    history,
    new AccountOverviewApplier(scope),
  ];
  for (const applier of appliers) await applier.prefetch(events);
  for (const event of events) for (const applier of appliers) applier.apply(event);
  for (const applier of appliers) await applier.flush();
};
