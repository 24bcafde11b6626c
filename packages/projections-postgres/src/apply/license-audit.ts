import type { LedgerEvent } from "@vpp-ledger/core";
import type { AuditViolation } from "@vpp-ledger/projections";
import { big, bigOrNull } from "../columns.js";
import { type AuditRow, emptyAudit, projectLicenseAudit } from "../model/license-audit.js";
import { type BatchScope, type ReadModelApplier, targetOf } from "./applier.js";
import { type Column, insertRows, upsertRows } from "./json-rows.js";
import type { PurchasedAppsApplier } from "./purchased-apps.js";

const AUDIT_COLUMNS: ReadonlyArray<Column> = [
  { name: "events_checked", type: "bigint" },
  { name: "pools", type: "bigint" },
  { name: "first_violation", type: "bigint" },
];
const FINDING_COLUMNS: ReadonlyArray<Column> = [
  { name: "position", type: "bigint" },
  { name: "rule", type: "text" },
  { name: "tenant_id", type: "text" },
  { name: "adam_id", type: "text" },
  { name: "user_id", type: "text" },
  { name: "stream_version", type: "bigint" },
  { name: "event_id", type: "text" },
  { name: "actor_kind", type: "text" },
  { name: "actor_id", type: "text" },
  { name: "message", type: "text" },
  { name: "holder_kind", type: "text" },
];

/** A finding as a row of `license_audit_findings` (the stream is the pool's, so it is not stored). */
const findingJson = (f: AuditViolation) => ({
  position: f.place.globalPosition.toString(),
  rule: f.rule,
  tenant_id: f.tenantId,
  adam_id: f.adamId,
  user_id: f.userId,
  stream_version: f.place.streamVersion.toString(),
  event_id: f.place.eventId,
  actor_kind: f.place.actor.kind,
  actor_id: f.place.actor.id ?? null,
  message: f.message,
  holder_kind: f.holderKind,
});

/**
 * Applies the audit projection (R19) to `license_audit` and `license_audit_findings`. It checks each event
 * against the pool as the purchased-apps applier holds it, so it must apply an event before that applier does.
 */
export class LicenseAuditApplier implements ReadModelApplier {
  #row: AuditRow = emptyAudit;
  #changed = false;
  readonly #findings: AuditViolation[] = [];

  constructor(
    private readonly scope: BatchScope,
    private readonly pools: PurchasedAppsApplier,
  ) {}

  async prefetch(): Promise<void> {
    const rows = await this.scope.tx.query(
      `SELECT events_checked::text AS events_checked, pools::text AS pools, first_violation::text AS first_violation
         FROM ${targetOf(this.scope, "license_audit").table}`,
    );
    const row = rows[0];
    if (row === undefined) return;
    this.#row = {
      eventsChecked: Number(big(row, "events_checked")),
      pools: Number(big(row, "pools")),
      firstViolation: bigOrNull(row, "first_violation"),
    };
  }

  apply(event: LedgerEvent): void {
    for (const change of projectLicenseAudit(event, { audit: this.#row, ...this.pools.inputFor(event) })) {
      if (change.kind === "audit-updated") {
        this.#row = change.row;
        this.#changed = true;
      } else {
        this.#findings.push(change.finding);
      }
    }
  }

  async flush(): Promise<void> {
    if (this.#changed) {
      const { eventsChecked, pools, firstViolation } = this.#row;
      const row = {
        events_checked: eventsChecked,
        pools,
        first_violation: firstViolation?.toString() ?? null,
      };
      await upsertRows(targetOf(this.scope, "license_audit"), AUDIT_COLUMNS, [], [row]);
    }
    // Plain inserts: a finding is recorded once per event, and the sink applies each event once.
    await insertRows(
      targetOf(this.scope, "license_audit_findings"),
      FINDING_COLUMNS,
      this.#findings.map(findingJson),
    );
  }
}
