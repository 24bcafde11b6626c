import type { DeploymentAction, LedgerEvent, Licensing, UsageLevel } from "@vpp-ledger/core";
import { type Projection, poolKey } from "./projection.js";

/** One row of the purchased-apps list (R11). */
export interface PurchasedApp {
  readonly tenantId: string;
  readonly adamId: string;
  readonly purchased: number;
  /** Licenses held by users and devices together (R16, R20). */
  readonly assigned: number;
  /** Of `assigned`, those held by devices (serial numbers). */
  readonly assignedToDevices: number;
  /** Licenses left; 0 while over-allocated. */
  readonly available: number;
  /** Licenses held beyond Apple's count (refund, transfer), reported until reclaimed (R16). */
  readonly overAllocatedBy: number;
  readonly deployment: DeploymentAction | null;
  /** Whether the deployment licenses users or devices (R20). */
  readonly licensing: Licensing;
  /** The use level last recorded (R23): `threshold` or `exhausted` while the alert stands. */
  readonly usageLevel: UsageLevel;
  readonly updatedAt: string;
}

interface Row {
  tenantId: string;
  adamId: string;
  purchased: number;
  holders: Set<string>;
  devices: Set<string>;
  deployment: DeploymentAction | null;
  licensing: Licensing;
  usageLevel: UsageLevel;
  updatedAt: string;
}

/** Every app synced from Apple with purchased, assigned and available counts (R11). */
export class PurchasedApps implements Projection {
  readonly name = "purchased-apps";
  readonly #rows = new Map<string, Row>();

  apply(ledgerEvent: LedgerEvent): void {
    if (ledgerEvent.aggregate !== "License") return;
    const { tenantId, adamId, event } = ledgerEvent;
    const key = poolKey(tenantId, adamId);
    let row = this.#rows.get(key);
    if (!row) {
      row = {
        tenantId,
        adamId,
        purchased: 0,
        holders: new Set(),
        devices: new Set(),
        deployment: null,
        licensing: "user",
        usageLevel: "normal",
        updatedAt: event.data.at,
      };
      this.#rows.set(key, row);
    }
    row.updatedAt = event.data.at;
    switch (event.type) {
      case "PurchasedCountSynced":
        row.purchased = event.data.purchased;
        return;
      case "AppDeployed":
        row.deployment = event.data.action;
        row.licensing = event.data.licensing ?? row.licensing;
        return;
      case "LicenseAssigned":
        row.holders.add(event.data.userId);
        return;
      case "LicenseReclaimed":
        row.holders.delete(event.data.userId);
        return;
      case "DeviceLicenseAssigned":
      case "DeviceLicenseImported":
        row.devices.add(event.data.serialNumber);
        return;
      case "DeviceLicenseReclaimed":
        row.devices.delete(event.data.serialNumber);
        return;
      case "LicenseMovedToDevice":
        row.holders.delete(event.data.userId);
        row.devices.add(event.data.serialNumber);
        return;
      case "LicensesRevoked":
        for (const userId of event.data.userIds) row.holders.delete(userId);
        for (const serialNumber of event.data.serialNumbers) row.devices.delete(serialNumber);
        return;
      case "PoolUsageChanged":
        row.usageLevel = event.data.level;
        return;
      default:
        return;
    }
  }

  /** The list for one tenant, ordered by adamId. */
  list(tenantId: string): PurchasedApp[] {
    return [...this.#rows.values()]
      .filter((row) => row.tenantId === tenantId)
      .sort((a, b) => a.adamId.localeCompare(b.adamId))
      .map(toApp);
  }

  /** One app of a tenant, if the ledger knows it. */
  get(tenantId: string, adamId: string): PurchasedApp | undefined {
    const row = this.#rows.get(poolKey(tenantId, adamId));
    return row && toApp(row);
  }
}

const toApp = (row: Row): PurchasedApp => {
  const assigned = row.holders.size + row.devices.size;
  return {
    tenantId: row.tenantId,
    adamId: row.adamId,
    purchased: row.purchased,
    assigned,
    assignedToDevices: row.devices.size,
    available: Math.max(0, row.purchased - assigned),
    overAllocatedBy: Math.max(0, assigned - row.purchased),
    deployment: row.deployment,
    licensing: row.licensing,
    usageLevel: row.usageLevel,
    updatedAt: row.updatedAt,
  };
};
