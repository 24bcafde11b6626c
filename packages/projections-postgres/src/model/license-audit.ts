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
  /** Whether a device the event names holds a license of the pool (before the event). */
  readonly holdsDevice: (serialNumber: string) => boolean;
}

/** The holder an event grants a license to, whether it held one already, and whether it came by a move. */
const grantOf = (
  event: Extract<LedgerEvent, { aggregate: "License" }>["event"],
  input: LicenseAuditInput,
) => {
  switch (event.type) {
    case "LicenseAssigned":
      return { id: event.data.userId, holderKind: "user" as const, held: input.holds, moved: false };
    case "DeviceLicenseAssigned":
    case "DeviceLicenseImported":
      return {
        id: event.data.serialNumber,
        holderKind: "device" as const,
        held: input.holdsDevice(event.data.serialNumber),
        moved: false,
      };
    case "LicenseMovedToDevice":
      return {
        id: event.data.serialNumber,
        holderKind: "device" as const,
        held: input.holdsDevice(event.data.serialNumber),
        moved: input.holds,
      };
    default:
      return undefined;
  }
};

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
  const grant = grantOf(event, input);
  if (grant === undefined) return [{ kind: "audit-updated", row }];
  const { id, holderKind, held, moved } = grant;
  const what = holderKind === "user" ? `user ${id}` : `device ${id}`;
  // A move frees the user's license as it grants the device's: the count it is checked against excludes it.
  const assigned = (input.pool?.assigned ?? 0) - (moved ? 1 : 0);
  const purchased = input.pool?.purchased ?? 0;
  let finding: AuditViolation | undefined;
  if (held) {
    const message = `${what} was assigned a second license of app ${adamId}`;
    finding = { rule: "R13", tenantId, adamId, userId: id, holderKind, place, message };
  } else if (!moved && assigned >= purchased) {
    const message = `assignment to ${what} made ${assigned + 1} licenses of app ${adamId} assigned with ${purchased} purchased`;
    finding = { rule: "R16", tenantId, adamId, userId: id, holderKind, place, message };
  }
  if (finding === undefined) return [{ kind: "audit-updated", row }];
  if (row.firstViolation === null) row = { ...row, firstViolation: place.globalPosition };
  return [
    { kind: "audit-updated", row },
    { kind: "finding-recorded", finding },
  ];
};
