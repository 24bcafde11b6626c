import type { LedgerEvent } from "@vpp-ledger/core";
import type { AuditViolation } from "@vpp-ledger/projections";
import type { PoolRow } from "./purchased-apps.js";

/** The audit's running totals (R19). */
export interface AuditRow {
  readonly eventsChecked: number;
  readonly pools: number;
  /** Global position of the first violation applied, or null while every event kept R13 and R16. */
  readonly firstViolation: bigint | null;
}

/** What one ledger event changes in the audit. */
export type LicenseAuditChange =
  | { readonly kind: "audit-updated"; readonly row: AuditRow }
  | { readonly kind: "finding-recorded"; readonly finding: AuditViolation };

/**
 * What the audit checks an event against: its totals, and the pool as it stood before the event. The pool is
 * the purchased-apps read model's row and holder set: the audit keeps the same state (Apple's count and the
 * holders), so it reads that instead of writing a second copy of every holder, and the audit and the console's
 * pool page can never disagree.
 */
export interface LicenseAuditInput {
  readonly audit: AuditRow;
  readonly pool: PoolRow | undefined;
  /** True when the event's user holds a license of the pool (before the event). */
  readonly holds: boolean;
}

/** The audit before any event. */
export const emptyAudit: AuditRow = { eventsChecked: 0, pools: 0, firstViolation: null };

/**
 * The audit projection (R13, R16, R19), pure: counts every ledger event, counts pools as they appear, and records
 * an assignment to a user who already holds one (R13) or made while no license was free (R16). Apple lowering
 * its count is not a violation.
 */
export const projectLicenseAudit = (
  ledgerEvent: LedgerEvent,
  input: LicenseAuditInput,
): LicenseAuditChange[] => {
  const { audit } = input;
  let row: AuditRow = { ...audit, eventsChecked: audit.eventsChecked + 1 };
  if (ledgerEvent.aggregate !== "License") return [{ kind: "audit-updated", row }];
  if (input.pool === undefined) row = { ...row, pools: row.pools + 1 };
  const { tenantId, adamId, event, place } = ledgerEvent;
  if (event.type !== "LicenseAssigned") return [{ kind: "audit-updated", row }];
  const { userId } = event.data;
  const assigned = input.pool?.assigned ?? 0;
  const purchased = input.pool?.purchased ?? 0;
  let finding: AuditViolation | undefined;
  if (input.holds) {
    const message = `user ${userId} was assigned a second license of app ${adamId}`;
    finding = { rule: "R13", tenantId, adamId, userId, place, message };
  } else if (assigned >= purchased) {
    const message = `assignment to ${userId} made ${assigned + 1} licenses of app ${adamId} assigned with ${purchased} purchased`;
    finding = { rule: "R16", tenantId, adamId, userId, place, message };
  }
  if (finding === undefined) return [{ kind: "audit-updated", row }];
  if (row.firstViolation === null) row = { ...row, firstViolation: place.globalPosition };
  return [
    { kind: "audit-updated", row },
    { kind: "finding-recorded", finding },
  ];
};
