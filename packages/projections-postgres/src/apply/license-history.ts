import type { LedgerEvent } from "@vpp-ledger/core";
import type { Holding } from "@vpp-ledger/projections";
import { projectLicenseHistory } from "../model/license-history.js";
import { type BatchScope, type ReadModelApplier, targetOf } from "./applier.js";
import { BatchRows, keyOf } from "./batch-rows.js";
import { HOLDING_COLUMNS, HOLDING_SELECT, holdingJson, holdingOf } from "./holding-columns.js";
import { upsertRows } from "./json-rows.js";

type HolderJson = { tenant_id: string; adam_id: string; user_id: string };

const holderOf = (event: LedgerEvent): HolderJson | undefined =>
  event.aggregate === "License" &&
  (event.event.type === "LicenseAssigned" || event.event.type === "LicenseReclaimed")
    ? { tenant_id: event.tenantId, adam_id: event.adamId, user_id: event.event.data.userId }
    : undefined;

/** Applies the license-history projection (R18) to `license_holdings`. */
export class LicenseHistoryApplier implements ReadModelApplier {
  /** Holdings the batch read or wrote, by the position of the assignment that opened them. */
  readonly #holdings = new BatchRows<Holding>();
  /** Each (app, user) of the batch: the position of their latest holding, if any. */
  readonly #latest = new Map<string, string | undefined>();

  constructor(private readonly scope: BatchScope) {}

  async prefetch(events: ReadonlyArray<LedgerEvent>): Promise<void> {
    const users = new Map<string, HolderJson>();
    for (const event of events) {
      const holder = holderOf(event);
      if (holder) users.set(keyOf(holder.tenant_id, holder.adam_id, holder.user_id), holder);
    }
    if (users.size === 0) return;
    for (const key of users.keys()) this.#latest.set(key, undefined);
    const target = targetOf(this.scope, "license_holdings");
    // Each user's latest holding of the app, one index probe per user (license_holdings_by_holder).
    const rows = await target.tx.query(
      `SELECT ${HOLDING_SELECT}
         FROM json_to_recordset($1::json) AS r(tenant_id text, adam_id text, user_id text)
         CROSS JOIN LATERAL (SELECT * FROM ${target.table} h
                              WHERE h.tenant_id = r.tenant_id AND h.adam_id = r.adam_id AND h.user_id = r.user_id
                              ORDER BY h.assigned_position DESC LIMIT 1) t`,
      [JSON.stringify([...users.values()])],
    );
    for (const row of rows) {
      const holding = holdingOf(row);
      const position = holding.assignedBy.globalPosition.toString();
      this.#holdings.loaded(position, holding);
      this.#latest.set(keyOf(holding.tenantId, holding.adamId, holding.userId), position);
    }
  }

  apply(event: LedgerEvent): void {
    const holder = holderOf(event);
    if (holder === undefined) return;
    const userKey = keyOf(holder.tenant_id, holder.adam_id, holder.user_id);
    const at = this.#latest.get(userKey);
    const latest = at === undefined ? undefined : this.#holdings.get(at);
    for (const change of projectLicenseHistory(event, { latest })) {
      const position = change.holding.assignedBy.globalPosition.toString();
      this.#holdings.put(position, change.holding);
      this.#latest.set(userKey, position);
    }
  }

  async flush(): Promise<void> {
    const rows = this.#holdings.upserts().map(holdingJson);
    await upsertRows(targetOf(this.scope, "license_holdings"), HOLDING_COLUMNS, ["assigned_position"], rows);
  }
}
