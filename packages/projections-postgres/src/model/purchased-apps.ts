import type { DeploymentAction, LedgerEvent, Licensing, UsageLevel } from "@vpp-ledger/core";
import type { PurchasedApp } from "@vpp-ledger/projections";

/** A pool as the purchased-apps read model stores it (R11): `assigned` counts its users and devices (R20). */
export interface PoolRow {
  readonly tenantId: string;
  readonly adamId: string;
  readonly purchased: number;
  readonly assigned: number;
  readonly assignedToDevices: number;
  readonly deployment: DeploymentAction | null;
  readonly licensing: Licensing;
  readonly usageLevel: UsageLevel;
  readonly updatedAt: string;
}

/** What one ledger event changes in the purchased-apps read model: its pool's row. */
export interface PurchasedAppsChange {
  readonly kind: "pool-upserted";
  readonly row: PoolRow;
}

/**
 * The rows an event needs: its pool, and whether the users and devices the event names hold a license of it.
 * Who holds a license is the install monitor's `holdsLicense` for users (an assignment sets it, a reclaim clears
 * it: the very set `PurchasedApps` keeps) and the license history's open holdings for devices, so the holders are
 * stored once.
 */
export interface PurchasedAppsInput {
  readonly pool: PoolRow | undefined;
  /** True when the event names a user who holds a license of the pool (before the event). */
  readonly holds: boolean;
  /** Whether a user the event names holds a license of the pool (before the event). */
  readonly holdsUser: (userId: string) => boolean;
  /** Whether a device the event names holds a license of the pool (before the event). */
  readonly holdsDevice: (serialNumber: string) => boolean;
}

/**
 * The purchased-apps projection (R11, R16, R20, R23), pure: every License event touches its pool's row (created
 * on the first); assignments, reclaims, moves and revocations count users and devices with set semantics, as
 * `PurchasedApps` does: assigning a holder again or reclaiming from a non-holder changes no count.
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
    assignedToDevices: 0,
    deployment: null,
    licensing: "user",
    usageLevel: "normal",
    updatedAt: at,
  };
  const upsert = (row: Partial<PoolRow>): PurchasedAppsChange[] => [
    { kind: "pool-upserted", row: { ...base, ...row, updatedAt: at } },
  ];
  /** Changes both counts by the users and devices that gain (+1) or lose (-1) a license. */
  const counted = (users: number, devices: number) =>
    upsert({
      assigned: base.assigned + users + devices,
      assignedToDevices: base.assignedToDevices + devices,
    });
  switch (event.type) {
    case "PurchasedCountSynced":
      return upsert({ purchased: event.data.purchased });
    case "AppDeployed":
      return upsert({ deployment: event.data.action, licensing: event.data.licensing ?? base.licensing });
    case "LicenseAssigned":
      return counted(input.holds ? 0 : 1, 0);
    case "LicenseReclaimed":
      return counted(input.holds ? -1 : 0, 0);
    case "DeviceLicenseAssigned":
    case "DeviceLicenseImported":
      return counted(0, input.holdsDevice(event.data.serialNumber) ? 0 : 1);
    case "DeviceLicenseReclaimed":
      return counted(0, input.holdsDevice(event.data.serialNumber) ? -1 : 0);
    case "LicenseMovedToDevice":
      return counted(input.holds ? -1 : 0, input.holdsDevice(event.data.serialNumber) ? 0 : 1);
    case "LicensesRevoked": {
      const users = new Set(event.data.userIds.filter(input.holdsUser)).size;
      const devices = new Set(event.data.serialNumbers.filter(input.holdsDevice)).size;
      return counted(-users, -devices);
    }
    case "PoolUsageChanged":
      return upsert({ usageLevel: event.data.level });
    default:
      return upsert({});
  }
};

/** The console's row of a pool, computed as `PurchasedApps` computes it. */
export const toPurchasedApp = (row: PoolRow): PurchasedApp => ({
  tenantId: row.tenantId,
  adamId: row.adamId,
  purchased: row.purchased,
  assigned: row.assigned,
  assignedToDevices: row.assignedToDevices,
  available: Math.max(0, row.purchased - row.assigned),
  overAllocatedBy: Math.max(0, row.assigned - row.purchased),
  deployment: row.deployment,
  licensing: row.licensing,
  usageLevel: row.usageLevel,
  updatedAt: row.updatedAt,
});
