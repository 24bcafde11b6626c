import type { LedgerEvent } from "@vpp-ledger/core";
import type { Holding } from "@vpp-ledger/projections";

/** What one ledger event changes in the license history. */
export type LicenseHistoryChange =
  | { readonly kind: "holding-opened"; readonly holding: Holding }
  /** The holder's open holding ended; `holding` is the row with its end set. */
  | { readonly kind: "holding-closed"; readonly holding: Holding };

/** A user or a device of a pool. */
export interface Holder {
  readonly holderKind: Holding["holderKind"];
  readonly id: string;
}

/**
 * The rows an event needs: each named holder's latest holding of the event's app, if any. It is the open one while
 * no reclaim closed it: a second assignment to a holder (R13 broken, which the audit reports) leaves the earlier
 * holding without an end, as `LicenseHistory` does, and a reclaim closes the latest.
 */
export interface LicenseHistoryInput {
  readonly latest: (holder: Holder) => Holding | undefined;
}

/** The holders a License event opens or closes a holding of, in the order `LicenseHistory` handles them. */
export const holdersOf = (ledgerEvent: LedgerEvent): ReadonlyArray<Holder & { readonly opens: boolean }> => {
  if (ledgerEvent.aggregate !== "License") return [];
  const { event } = ledgerEvent;
  switch (event.type) {
    case "LicenseAssigned":
    case "LicenseReclaimed":
      return [{ holderKind: "user", id: event.data.userId, opens: event.type === "LicenseAssigned" }];
    case "DeviceLicenseAssigned":
    case "DeviceLicenseImported":
    case "DeviceLicenseReclaimed":
      // An imported license opens a holding as an assigned one does (R9, R18).
      return [
        { holderKind: "device", id: event.data.serialNumber, opens: event.type !== "DeviceLicenseReclaimed" },
      ];
    case "LicenseMovedToDevice":
      return [
        { holderKind: "user", id: event.data.userId, opens: false },
        { holderKind: "device", id: event.data.serialNumber, opens: true },
      ];
    case "LicensesRevoked":
      return [
        ...event.data.userIds.map((id) => ({ holderKind: "user" as const, id, opens: false })),
        ...event.data.serialNumbers.map((id) => ({ holderKind: "device" as const, id, opens: false })),
      ];
    default:
      return [];
  }
};

const reasonOf = (event: Extract<LedgerEvent, { aggregate: "License" }>["event"]): string | null => {
  switch (event.type) {
    case "LicenseReclaimed":
    case "DeviceLicenseReclaimed":
      return event.data.reason;
    case "LicenseMovedToDevice":
      return "moved-to-device";
    case "LicensesRevoked":
      return `revoked: ${event.data.reason}`;
    default:
      return null;
  }
};

/**
 * The license-history projection (R18, R20), pure: an assignment opens a holding cited by its event's place, a
 * reclaim closes the holder's open one (nothing to close: no change, as in `LicenseHistory`); a move closes the
 * user's and opens the device's; a revocation closes every listed holder's.
 */
export const projectLicenseHistory = (
  ledgerEvent: LedgerEvent,
  input: LicenseHistoryInput,
): LicenseHistoryChange[] => {
  if (ledgerEvent.aggregate !== "License") return [];
  const { tenantId, adamId, event, place } = ledgerEvent;
  const changes: LicenseHistoryChange[] = [];
  for (const { holderKind, id, opens } of holdersOf(ledgerEvent)) {
    if (opens) {
      const holding: Holding = {
        tenantId,
        adamId,
        userId: id,
        holderKind,
        from: event.data.at,
        until: null,
        assignedBy: place,
        reclaimedBy: null,
        reclaimReason: null,
      };
      changes.push({ kind: "holding-opened", holding });
      continue;
    }
    const latest = input.latest({ holderKind, id });
    if (latest === undefined || latest.reclaimedBy !== null) continue;
    const closed: Holding = {
      ...latest,
      until: event.data.at,
      reclaimedBy: place,
      reclaimReason: reasonOf(event),
    };
    changes.push({ kind: "holding-closed", holding: closed });
  }
  return changes;
};
