import type { LedgerEvent } from "@vpp-ledger/core";
import type { Holding } from "@vpp-ledger/projections";
import { holdersOf, projectLicenseHistory } from "../model/license-history.js";
import { type BatchScope, type ReadModelApplier, targetOf } from "./applier.js";
import { BatchRows, keyOf } from "./batch-rows.js";
import { HOLDING_COLUMNS, HOLDING_SELECT, holdingJson, holdingOf } from "./holding-columns.js";
import { upsertRows } from "./json-rows.js";

type HolderJson = { tenant_id: string; adam_id: string; holder_kind: string; user_id: string };

/** Applies the license-history projection (R18, R20) to `license_holdings`. */
export class LicenseHistoryApplier implements ReadModelApplier {
  /** Holdings the batch read or wrote, by the position of the assignment that opened them. */
  readonly #holdings = new BatchRows<Holding>();
  /** Each (app, holder) of the batch: the position of their latest holding, if any. */
  readonly #latest = new Map<string, string | undefined>();

  constructor(private readonly scope: BatchScope) {}

  async prefetch(events: ReadonlyArray<LedgerEvent>): Promise<void> {
    const holders = new Map<string, HolderJson>();
    for (const event of events) {
      if (event.aggregate !== "License") continue;
      for (const { holderKind, id } of holdersOf(event)) {
        const holder = {
          tenant_id: event.tenantId,
          adam_id: event.adamId,
          holder_kind: holderKind,
          user_id: id,
        };
        holders.set(keyOf(event.tenantId, event.adamId, holderKind, id), holder);
      }
    }
    if (holders.size === 0) return;
    for (const key of holders.keys()) this.#latest.set(key, undefined);
    const target = targetOf(this.scope, "license_holdings");
    // Each holder's latest holding of the app, one index probe per holder (license_holdings_by_holder).
    const rows = await target.tx.query(
      `SELECT ${HOLDING_SELECT}
         FROM json_to_recordset($1::json) AS r(tenant_id text, adam_id text, holder_kind text, user_id text)
         CROSS JOIN LATERAL (SELECT * FROM ${target.table} h
                              WHERE h.tenant_id = r.tenant_id AND h.adam_id = r.adam_id AND h.user_id = r.user_id
                                AND h.holder_kind = r.holder_kind
                              ORDER BY h.assigned_position DESC LIMIT 1) t`,
      [JSON.stringify([...holders.values()])],
    );
    for (const row of rows) {
      const holding = holdingOf(row);
      const position = holding.assignedBy.globalPosition.toString();
      this.#holdings.loaded(position, holding);
      this.#latest.set(keyOf(holding.tenantId, holding.adamId, holding.holderKind, holding.userId), position);
    }
  }

  /** The holder's latest holding of the app, as the batch stands (prefetched holders only). */
  latest(
    tenantId: string,
    adamId: string,
    holderKind: Holding["holderKind"],
    id: string,
  ): Holding | undefined {
    const at = this.#latest.get(keyOf(tenantId, adamId, holderKind, id));
    return at === undefined ? undefined : this.#holdings.get(at);
  }

  /** True when the device holds a license of the app, as the batch stands (before the event being applied). */
  holdsDevice(tenantId: string, adamId: string, serialNumber: string): boolean {
    const latest = this.latest(tenantId, adamId, "device", serialNumber);
    return latest !== undefined && latest.reclaimedBy === null;
  }

  apply(event: LedgerEvent): void {
    if (event.aggregate !== "License") return;
    const { tenantId, adamId } = event;
    const latest = ({ holderKind, id }: { holderKind: Holding["holderKind"]; id: string }) =>
      this.latest(tenantId, adamId, holderKind, id);
    for (const change of projectLicenseHistory(event, { latest })) {
      const { holding } = change;
      const position = holding.assignedBy.globalPosition.toString();
      this.#holdings.put(position, holding);
      this.#latest.set(keyOf(tenantId, adamId, holding.holderKind, holding.userId), position);
    }
  }

  async flush(): Promise<void> {
    const rows = this.#holdings.upserts().map(holdingJson);
    await upsertRows(targetOf(this.scope, "license_holdings"), HOLDING_COLUMNS, ["assigned_position"], rows);
  }
}
