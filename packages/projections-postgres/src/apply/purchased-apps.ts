import type { LedgerEvent } from "@vpp-ledger/core";
import { int, oneOf, text } from "../columns.js";
import { type PoolRow, type PurchasedAppsInput, projectPurchasedApps } from "../model/purchased-apps.js";
import { DEPLOYMENTS, LICENSINGS, USAGE_LEVELS } from "../model/vocabulary.js";
import { type BatchScope, type ReadModelApplier, targetOf } from "./applier.js";
import { BatchRows, keyOf } from "./batch-rows.js";
import type { InstallMonitorApplier } from "./install-monitor.js";
import { type Column, selectRows, upsertRows } from "./json-rows.js";
import type { LicenseHistoryApplier } from "./license-history.js";

const POOL_KEY: ReadonlyArray<Column> = [
  { name: "tenant_id", type: "text" },
  { name: "adam_id", type: "text" },
];
const POOL_COLUMNS: ReadonlyArray<Column> = [
  ...POOL_KEY,
  { name: "purchased", type: "integer" },
  { name: "assigned", type: "integer" },
  { name: "deployment", type: "text" },
  { name: "updated_at", type: "text" },
  { name: "assigned_to_devices", type: "integer" },
  { name: "licensing", type: "text" },
  { name: "usage_level", type: "text" },
];

/**
 * Applies the purchased-apps projection (R11) to `purchased_apps`. Whether a user holds a license comes from the
 * install monitor's rows, so this applier (and the audit, through {@link PurchasedAppsApplier.inputFor}) applies
 * an event before the install monitor does.
 */
export class PurchasedAppsApplier implements ReadModelApplier {
  readonly #pools = new BatchRows<PoolRow>();

  constructor(
    private readonly scope: BatchScope,
    private readonly installs: InstallMonitorApplier,
    private readonly history: LicenseHistoryApplier,
  ) {}

  async prefetch(events: ReadonlyArray<LedgerEvent>): Promise<void> {
    const pools = new Map<string, { tenant_id: string; adam_id: string }>();
    for (const event of events) {
      if (event.aggregate !== "License") continue;
      pools.set(keyOf(event.tenantId, event.adamId), { tenant_id: event.tenantId, adam_id: event.adamId });
    }
    const target = targetOf(this.scope, "purchased_apps");
    for (const row of await selectRows(target, POOL_KEY, [...pools.values()], "t.*")) {
      const pool: PoolRow = {
        tenantId: text(row, "tenant_id"),
        adamId: text(row, "adam_id"),
        purchased: int(row, "purchased"),
        assigned: int(row, "assigned"),
        deployment: row.deployment === null ? null : oneOf(row, "deployment", DEPLOYMENTS),
        updatedAt: text(row, "updated_at"),
        assignedToDevices: int(row, "assigned_to_devices"),
        licensing: oneOf(row, "licensing", LICENSINGS),
        usageLevel: oneOf(row, "usage_level", USAGE_LEVELS),
      };
      this.#pools.loaded(keyOf(pool.tenantId, pool.adamId), pool);
    }
    for (const key of pools.keys()) this.#pools.loaded(key, undefined);
  }

  /** The pool of a License event and whether its user holds a license, as the batch stands. */
  inputFor(event: LedgerEvent): PurchasedAppsInput {
    if (event.aggregate !== "License") {
      return { pool: undefined, holds: false, holdsUser: () => false, holdsDevice: () => false };
    }
    const { tenantId, adamId } = event;
    return {
      pool: this.#pools.get(keyOf(tenantId, adamId)),
      holds: this.installs.holds(event),
      holdsUser: (userId) => this.installs.holdsUser(tenantId, adamId, userId),
      holdsDevice: (serialNumber) => this.history.holdsDevice(tenantId, adamId, serialNumber),
    };
  }

  apply(event: LedgerEvent): void {
    for (const { row } of projectPurchasedApps(event, this.inputFor(event))) {
      this.#pools.put(keyOf(row.tenantId, row.adamId), row);
    }
  }

  async flush(): Promise<void> {
    const pools = this.#pools.upserts().map((p) => ({
      tenant_id: p.tenantId,
      adam_id: p.adamId,
      purchased: p.purchased,
      assigned: p.assigned,
      deployment: p.deployment,
      updated_at: p.updatedAt,
      assigned_to_devices: p.assignedToDevices,
      licensing: p.licensing,
      usage_level: p.usageLevel,
    }));
    await upsertRows(targetOf(this.scope, "purchased_apps"), POOL_COLUMNS, ["tenant_id", "adam_id"], pools);
  }
}
