import type { LedgerEvent } from "@vpp-ledger/core";
import type { Holding } from "@vpp-ledger/projections";

/** A holding as stored (R18): `open` marks the one a reclaim of the user closes. */
export interface HoldingRow extends Holding {
  readonly open: boolean;
}

/** What one ledger event changes in the license history. */
export type LicenseHistoryChange =
  | { readonly kind: "holding-opened"; readonly holding: HoldingRow }
  /** The user's open holding ended; `holding` is the row with its end set. */
  | { readonly kind: "holding-closed"; readonly holding: HoldingRow }
  /**
   * A second assignment to a user who already held the license (R13 broken, which the audit reports): the earlier
   * holding stays in the history with no end, as `LicenseHistory` leaves it, and a reclaim closes the newer one.
   */
  | { readonly kind: "holding-superseded"; readonly holding: HoldingRow };

/** The row an event needs: the event user's open holding of the event's app, if any. */
export interface LicenseHistoryInput {
  readonly open: HoldingRow | undefined;
}

/**
 * The license-history projection (R18), pure: an assignment opens a holding cited by its event's place, a
 * reclaim closes the user's open one (nothing to close: no change, as in `LicenseHistory`).
 */
export const projectLicenseHistory = (
  ledgerEvent: LedgerEvent,
  input: LicenseHistoryInput,
): LicenseHistoryChange[] => {
  if (ledgerEvent.aggregate !== "License") return [];
  const { tenantId, adamId, event, place } = ledgerEvent;
  if (event.type === "LicenseAssigned") {
    const holding: HoldingRow = {
      tenantId,
      adamId,
      userId: event.data.userId,
      from: event.data.at,
      until: null,
      assignedBy: place,
      reclaimedBy: null,
      reclaimReason: null,
      open: true,
    };
    const superseded: LicenseHistoryChange[] =
      input.open === undefined
        ? []
        : [{ kind: "holding-superseded", holding: { ...input.open, open: false } }];
    return [...superseded, { kind: "holding-opened", holding }];
  }
  if (event.type === "LicenseReclaimed" && input.open !== undefined) {
    const closed: HoldingRow = {
      ...input.open,
      until: event.data.at,
      reclaimedBy: place,
      reclaimReason: event.data.reason,
      open: false,
    };
    return [{ kind: "holding-closed", holding: closed }];
  }
  return [];
};
