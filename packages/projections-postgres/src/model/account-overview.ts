import {
  accountStatus,
  ERASED,
  type LedgerEvent,
  type VppAccountPolicy,
  type VppAccountState,
} from "@vpp-ledger/core";
import type { AccountOverviewRow } from "@vpp-ledger/projections";

/**
 * What the account page keeps of a tenant's account (R4): its link, the claim by another MDM, its syncs, and the
 * token health last recorded (R23; absent from documents written before it existed, read as "ok").
 */
export type AccountDocument = Pick<VppAccountState, "link" | "claimedBy" | "sync"> &
  Partial<Pick<VppAccountState, "tokenHealth">>;

/** What one ledger event changes on the account page: the tenant's whole document, which is small. */
export interface AccountOverviewChange {
  readonly kind: "account-upserted";
  readonly tenantId: string;
  readonly account: AccountDocument;
}

/** The account before any event. */
export const emptyAccount: AccountDocument = {
  link: null,
  claimedBy: null,
  sync: { running: null, lastStartedAt: null, lastSucceededAt: null, lastReport: null, lastFailure: null },
};

const next = (account: AccountDocument, ledgerEvent: LedgerEvent): AccountDocument | undefined => {
  if (ledgerEvent.aggregate !== "VppAccount") return undefined;
  const { event } = ledgerEvent;
  const { link, sync } = account;
  switch (event.type) {
    case "TokenUploaded":
    case "TokenRenewed": {
      const { orgName, tokenName, appleId, fingerprint, expiresAt, at } = event.data;
      const linkedAt = link?.linkedAt ?? at;
      const updated = { orgName, tokenName, appleId, fingerprint, expiresAt, linkedAt, updatedAt: at };
      return { ...account, link: { ...updated, revokedAt: null } };
    }
    case "TokenRevoked":
      return link ? { ...account, link: { ...link, revokedAt: event.data.at } } : account;
    case "SyncStarted": {
      const { syncId, trigger, at } = event.data;
      return {
        ...account,
        sync: { ...sync, running: { syncId, trigger, startedAt: at }, lastStartedAt: at },
      };
    }
    case "SyncSucceeded":
      return {
        ...account,
        sync: { ...sync, running: null, lastSucceededAt: event.data.at, lastReport: event.data.report },
      };
    case "SyncFailed": {
      const lastFailure = {
        code: event.data.error.code,
        message: event.data.error.message,
        at: event.data.at,
      };
      return { ...account, sync: { ...sync, running: null, lastFailure } };
    }
    case "LocationClaimedByOtherMdm": {
      const { mdmId, mdmName, at } = event.data;
      return { ...account, claimedBy: { mdmId, mdmName, at } };
    }
    case "OwnershipRestored":
      return { ...account, claimedBy: null };
    case "AppleIdErased":
      return link ? { ...account, link: { ...link, appleId: ERASED } } : account;
    case "TokenHealthChanged":
      return { ...account, tokenHealth: event.data.health };
    default:
      return undefined;
  }
};

/**
 * The account-page projection (R4, R5, R6), pure, with `AccountOverview`'s rules: events that change the page
 * replace the tenant's document; the others (invitations, terms) change nothing here.
 */
export const projectAccountOverview = (
  ledgerEvent: LedgerEvent,
  current: AccountDocument | undefined,
): AccountOverviewChange[] => {
  const account = next(current ?? emptyAccount, ledgerEvent);
  return account === undefined ? [] : [{ kind: "account-upserted", tenantId: ledgerEvent.tenantId, account }];
};

/** The account page of a tenant at instant `at`, or undefined before any token upload (as `AccountOverview.get`). */
export const toAccountOverviewRow = (
  tenantId: string,
  account: AccountDocument,
  at: string,
  policy: VppAccountPolicy,
): AccountOverviewRow | undefined => {
  const { link, sync, claimedBy } = account;
  if (!link) return undefined;
  return {
    tenantId,
    tokenName: link.tokenName,
    appleId: link.appleId,
    orgName: link.orgName,
    lastUpdatedAt: link.updatedAt,
    expiresAt: link.expiresAt,
    lastSuccessfulSyncAt: sync.lastSucceededAt,
    lastSyncReport: sync.lastReport,
    lastSyncFailure: sync.lastFailure,
    syncRunning: sync.running !== null,
    claimedBy: claimedBy && { mdmId: claimedBy.mdmId, mdmName: claimedBy.mdmName },
    status: accountStatus(account, at, policy),
    tokenHealth: account.tokenHealth ?? "ok",
  };
};
