import type { LedgerEvent } from "@vpp-ledger/core";
import { int, oneOf, text } from "../columns.js";
import {
  type HolderKey,
  type PoolRow,
  type PurchasedAppsInput,
  projectPurchasedApps,
} from "../model/purchased-apps.js";
import { DEPLOYMENTS } from "../model/vocabulary.js";
import { type BatchScope, type ReadModelApplier, targetOf } from "./applier.js";
import { BatchRows, keyOf } from "./batch-rows.js";
import { type Column, deleteRows, selectRows, upsertRows } from "./json-rows.js";

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
];
const HOLDER_KEY: ReadonlyArray<Column> = [...POOL_KEY, { name: "user_id", type: "text" }];

const userOf = (event: LedgerEvent): string | undefined =>
  event.aggregate === "License" &&
  (event.event.type === "LicenseAssigned" || event.event.type === "LicenseReclaimed")
    ? event.event.data.userId
    : undefined;

const holderJson = (h: HolderKey) => ({ tenant_id: h.tenantId, adam_id: h.adamId, user_id: h.userId });

/**
 * Applies the purchased-apps projection (R11) to `purchased_apps` and `purchased_app_holders`. The audit reads the
 * same rows through {@link PurchasedAppsApplier.inputFor}, before this applier applies the event.
 */
export class PurchasedAppsApplier implements ReadModelApplier {
  readonly #pools = new BatchRows<PoolRow>();
  readonly #holders = new BatchRows<HolderKey>();

  constructor(private readonly scope: BatchScope) {}

  async prefetch(events: ReadonlyArray<LedgerEvent>): Promise<void> {
    const pools = new Map<string, { tenant_id: string; adam_id: string }>();
    const holders = new Map<string, ReturnType<typeof holderJson>>();
    for (const event of events) {
      if (event.aggregate !== "License") continue;
      const { tenantId, adamId } = event;
      pools.set(keyOf(tenantId, adamId), { tenant_id: tenantId, adam_id: adamId });
      const userId = userOf(event);
      if (userId !== undefined)
        holders.set(keyOf(tenantId, adamId, userId), holderJson({ tenantId, adamId, userId }));
    }
    const poolRows = await selectRows(
      targetOf(this.scope, "purchased_apps"),
      POOL_KEY,
      [...pools.values()],
      "t.*",
    );
    for (const row of poolRows) {
      const pool: PoolRow = {
        tenantId: text(row, "tenant_id"),
        adamId: text(row, "adam_id"),
        purchased: int(row, "purchased"),
        assigned: int(row, "assigned"),
        deployment: row.deployment === null ? null : oneOf(row, "deployment", DEPLOYMENTS),
        updatedAt: text(row, "updated_at"),
      };
      this.#pools.loaded(keyOf(pool.tenantId, pool.adamId), pool);
    }
    for (const key of pools.keys()) this.#pools.loaded(key, undefined);
    const target = targetOf(this.scope, "purchased_app_holders");
    for (const row of await selectRows(target, HOLDER_KEY, [...holders.values()], "t.*")) {
      const holder = {
        tenantId: text(row, "tenant_id"),
        adamId: text(row, "adam_id"),
        userId: text(row, "user_id"),
      };
      this.#holders.loaded(keyOf(holder.tenantId, holder.adamId, holder.userId), holder);
    }
    for (const key of holders.keys()) this.#holders.loaded(key, undefined);
  }

  /** The pool of a License event and whether its user holds a license, as the batch stands. */
  inputFor(event: LedgerEvent): PurchasedAppsInput {
    if (event.aggregate !== "License") return { pool: undefined, holds: false };
    const userId = userOf(event);
    return {
      pool: this.#pools.get(keyOf(event.tenantId, event.adamId)),
      holds:
        userId !== undefined && this.#holders.get(keyOf(event.tenantId, event.adamId, userId)) !== undefined,
    };
  }

  apply(event: LedgerEvent): void {
    for (const change of projectPurchasedApps(event, this.inputFor(event))) {
      if (change.kind === "pool-upserted") {
        this.#pools.put(keyOf(change.row.tenantId, change.row.adamId), change.row);
      } else {
        const { tenantId, adamId, userId } = change.holder;
        if (change.kind === "holder-added") this.#holders.put(keyOf(tenantId, adamId, userId), change.holder);
        else this.#holders.remove(keyOf(tenantId, adamId, userId), change.holder);
      }
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
    }));
    await upsertRows(targetOf(this.scope, "purchased_apps"), POOL_COLUMNS, ["tenant_id", "adam_id"], pools);
    const holders = targetOf(this.scope, "purchased_app_holders");
    await deleteRows(holders, HOLDER_KEY, this.#holders.removals().map(holderJson));
    await upsertRows(
      holders,
      HOLDER_KEY,
      ["tenant_id", "adam_id", "user_id"],
      this.#holders.upserts().map(holderJson),
    );
  }
}
