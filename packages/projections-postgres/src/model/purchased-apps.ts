import type { DeploymentAction, LedgerEvent } from "@vpp-ledger/core";
import type { PurchasedApp } from "@vpp-ledger/projections";

/** A pool as the purchased-apps read model stores it (R11): `assigned` counts its holders. */
export interface PoolRow {
  readonly tenantId: string;
  readonly adamId: string;
  readonly purchased: number;
  readonly assigned: number;
  readonly deployment: DeploymentAction | null;
  readonly updatedAt: string;
}

/** What one ledger event changes in the purchased-apps read model: its pool's row. */
export interface PurchasedAppsChange {
  readonly kind: "pool-upserted";
  readonly row: PoolRow;
}

/**
 * The rows an event needs: its pool, and whether the event's user holds a license of it. Who holds a license is
 * the install monitor's `holdsLicense` (an assignment sets it, a reclaim clears it: the very set `PurchasedApps`
 * keeps), so the holders are stored once, on the install rows.
 */
export interface PurchasedAppsInput {
  readonly pool: PoolRow | undefined;
  /** True when the event names a user who holds a license of the pool (before the event). */
  readonly holds: boolean;
}

/**
 * The purchased-apps projection (R11, R16), pure: every License event touches its pool's row (created on the
 * first); assignments and reclaims count holders with set semantics, as `PurchasedApps` does: assigning a holder
 * again or reclaiming from a non-holder changes no count.
 */
export const projectPurchasedApps = (
  ledgerEvent: LedgerEvent,
  input: PurchasedAppsInput,
): PurchasedAppsChange[] => {
  if (ledgerEvent.aggregate !== "License") return [];
  const { tenantId, adamId, event } = ledgerEvent;
  const at = event.data.at;
  const base: PoolRow = input.pool ?? {
    tenantId,
    adamId,
    purchased: 0,
    assigned: 0,
    deployment: null,
    updatedAt: at,
  };
  const upsert = (row: Partial<PoolRow>): PurchasedAppsChange => ({
    kind: "pool-upserted",
    row: { ...base, ...row, updatedAt: at },
  });
  switch (event.type) {
    case "PurchasedCountSynced":
      return [upsert({ purchased: event.data.purchased })];
    case "AppDeployed":
      return [upsert({ deployment: event.data.action })];
    case "LicenseAssigned":
      return [upsert(input.holds ? {} : { assigned: base.assigned + 1 })];
    case "LicenseReclaimed":
      return [upsert(input.holds ? { assigned: base.assigned - 1 } : {})];
    default:
      return [upsert({})];
  }
};

/** The console's row of a pool, computed as `PurchasedApps` computes it. */
export const toPurchasedApp = (row: PoolRow): PurchasedApp => ({
  tenantId: row.tenantId,
  adamId: row.adamId,
  purchased: row.purchased,
  assigned: row.assigned,
  available: Math.max(0, row.purchased - row.assigned),
  overAllocatedBy: Math.max(0, row.assigned - row.purchased),
  deployment: row.deployment,
  updatedAt: row.updatedAt,
});
