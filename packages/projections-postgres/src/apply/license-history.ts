import type { LedgerEvent } from "@vpp-ledger/core";
import { type HoldingRow, projectLicenseHistory } from "../model/license-history.js";
import { type BatchScope, type ReadModelApplier, targetOf } from "./applier.js";
import { BatchRows, keyOf } from "./batch-rows.js";
import { HOLDING_COLUMNS, HOLDING_SELECT, holdingJson, holdingOf } from "./holding-columns.js";
import { type Column, selectRows, upsertRows } from "./json-rows.js";

const USER_KEY: ReadonlyArray<Column> = [
  { name: "tenant_id", type: "text" },
  { name: "adam_id", type: "text" },
  { name: "user_id", type: "text" },
];

const holderOf = (event: LedgerEvent): { tenant_id: string; adam_id: string; user_id: string } | undefined =>
  event.aggregate === "License" &&
  (event.event.type === "LicenseAssigned" || event.event.type === "LicenseReclaimed")
    ? { tenant_id: event.tenantId, adam_id: event.adamId, user_id: event.event.data.userId }
    : undefined;

/** Applies the license-history projection (R18) to `license_holdings`. */
export class LicenseHistoryApplier implements ReadModelApplier {
  /** Holdings the batch read or wrote, by the position of the assignment that opened them. */
  readonly #holdings = new BatchRows<HoldingRow>();
  /** Each (app, user) of the batch: the position of their open holding, if any. */
  readonly #open = new Map<string, string | undefined>();

  constructor(private readonly scope: BatchScope) {}

  async prefetch(events: ReadonlyArray<LedgerEvent>): Promise<void> {
    const users = new Map<string, { tenant_id: string; adam_id: string; user_id: string }>();
    for (const event of events) {
      const holder = holderOf(event);
      if (holder) users.set(keyOf(holder.tenant_id, holder.adam_id, holder.user_id), holder);
    }
    for (const key of users.keys()) this.#open.set(key, undefined);
    const target = targetOf(this.scope, "license_holdings");
    for (const row of await selectRows(target, USER_KEY, [...users.values()], HOLDING_SELECT, "t.is_open")) {
      const holding = holdingOf(row);
      const position = holding.assignedBy.globalPosition.toString();
      this.#holdings.loaded(position, holding);
      this.#open.set(keyOf(holding.tenantId, holding.adamId, holding.userId), position);
    }
  }

  apply(event: LedgerEvent): void {
    const holder = holderOf(event);
    if (holder === undefined) return;
    const userKey = keyOf(holder.tenant_id, holder.adam_id, holder.user_id);
    const openAt = this.#open.get(userKey);
    const open = openAt === undefined ? undefined : this.#holdings.get(openAt);
    for (const change of projectLicenseHistory(event, { open })) {
      const position = change.holding.assignedBy.globalPosition.toString();
      this.#holdings.put(position, change.holding);
      if (change.kind === "holding-opened") this.#open.set(userKey, position);
      if (change.kind === "holding-closed") this.#open.set(userKey, undefined);
    }
  }

  async flush(): Promise<void> {
    const rows = this.#holdings.upserts().map(holdingJson);
    await upsertRows(targetOf(this.scope, "license_holdings"), HOLDING_COLUMNS, ["assigned_position"], rows);
  }
}
