import type { LedgerEvent } from "@vpp-ledger/core";
import type { Holding } from "@vpp-ledger/projections";

/** What one ledger event changes in the license history. */
export type LicenseHistoryChange =
  | { readonly kind: "holding-opened"; readonly holding: Holding }
  /** The user's open holding ended; `holding` is the row with its end set. */
  | { readonly kind: "holding-closed"; readonly holding: Holding };

/**
 * The row an event needs: the event user's latest holding of the event's app, if any. It is the open one while
 * no reclaim closed it: a second assignment to a holder (R13 broken, which the audit reports) leaves the earlier
 * holding without an end, as `LicenseHistory` does, and a reclaim closes the latest.
 */
export interface LicenseHistoryInput {
  readonly latest: Holding | undefined;
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
    const holding: Holding = {
      tenantId,
      adamId,
      userId: event.data.userId,
      from: event.data.at,
      until: null,
      assignedBy: place,
      reclaimedBy: null,
      reclaimReason: null,
    };
    return [{ kind: "holding-opened", holding }];
  }
  const open = input.latest?.reclaimedBy === null ? input.latest : undefined;
  if (event.type === "LicenseReclaimed" && open !== undefined) {
    const closed: Holding = {
      ...open,
      until: event.data.at,
      reclaimedBy: place,
      reclaimReason: event.data.reason,
    };
    return [{ kind: "holding-closed", holding: closed }];
  }
  return [];
};
