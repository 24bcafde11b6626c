import {
  type AccountStatus,
  accountStatus,
  defaultVppAccountPolicy,
  ERASED,
  type LedgerEvent,
  type SyncReport,
  type TokenHealth,
  type VppAccountPolicy,
  type VppAccountState,
} from "@vpp-ledger/core";
import type { Projection } from "./projection.js";

/** The account page (R4). */
export interface AccountOverviewRow {
  readonly tenantId: string;
  readonly tokenName: string;
  readonly appleId: string;
  readonly orgName: string;
  readonly lastUpdatedAt: string;
  readonly expiresAt: string;
  readonly lastSuccessfulSyncAt: string | null;
  readonly lastSyncReport: SyncReport | null;
  readonly lastSyncFailure: { readonly code: string; readonly message: string; readonly at: string } | null;
  readonly syncRunning: boolean;
  /** Who holds the location when another MDM claimed it (R6). */
  readonly claimedBy: { readonly mdmId: string; readonly mdmName: string } | null;
  readonly status: AccountStatus;
  /** The token's health as last recorded (R23): expiring within 30 or 15 days, expired, revoked, or ok. */
  readonly tokenHealth: TokenHealth;
}

type Account = Pick<VppAccountState, "link" | "claimedBy" | "sync" | "tokenHealth">;
const emptySync: VppAccountState["sync"] = {
  running: null,
  lastStartedAt: null,
  lastSucceededAt: null,
  lastReport: null,
  lastFailure: null,
};

/** Every tenant's account page (R4); the status is computed at the time you ask. */
export class AccountOverview implements Projection {
  readonly name = "account-overview";
  readonly #accounts = new Map<string, Account>();

  constructor(private readonly policy: VppAccountPolicy = defaultVppAccountPolicy) {}

  apply(ledgerEvent: LedgerEvent): void {
    if (ledgerEvent.aggregate !== "VppAccount") return;
    const { tenantId, event } = ledgerEvent;
    const account: Account = this.#accounts.get(tenantId) ?? {
      link: null,
      claimedBy: null,
      sync: emptySync,
      tokenHealth: "ok",
    };
    const { link, sync } = account;
    let next: Account = account;
    switch (event.type) {
      case "TokenUploaded":
      case "TokenRenewed": {
        const { orgName, tokenName, appleId, fingerprint, expiresAt, at } = event.data;
        const linkedAt = link?.linkedAt ?? at;
        next = {
          ...account,
          link: {
            orgName,
            tokenName,
            appleId,
            fingerprint,
            expiresAt,
            linkedAt,
            updatedAt: at,
            revokedAt: null,
          },
        };
        break;
      }
      case "TokenRevoked":
        next = link ? { ...account, link: { ...link, revokedAt: event.data.at } } : account;
        break;
      case "SyncStarted":
        next = {
          ...account,
          sync: {
            ...sync,
            running: { ...event.data, startedAt: event.data.at },
            lastStartedAt: event.data.at,
          },
        };
        break;
      case "SyncSucceeded":
        next = {
          ...account,
          sync: { ...sync, running: null, lastSucceededAt: event.data.at, lastReport: event.data.report },
        };
        break;
      case "SyncFailed":
        next = {
          ...account,
          sync: { ...sync, running: null, lastFailure: { ...event.data.error, at: event.data.at } },
        };
        break;
      case "LocationClaimedByOtherMdm":
        next = { ...account, claimedBy: { ...event.data } };
        break;
      case "OwnershipRestored":
        next = { ...account, claimedBy: null };
        break;
      case "AppleIdErased":
        next = link ? { ...account, link: { ...link, appleId: ERASED } } : account;
        break;
      case "TokenHealthChanged":
        next = { ...account, tokenHealth: event.data.health };
        break;
      default:
        return;
    }
    this.#accounts.set(tenantId, next);
  }

  /** The account page of a tenant at instant `at`, or undefined before any token upload. */
  get(tenantId: string, at: string): AccountOverviewRow | undefined {
    const account = this.#accounts.get(tenantId);
    if (!account?.link) return undefined;
    const { link, sync, claimedBy } = account;
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
      status: accountStatus(account, at, this.policy),
      tokenHealth: account.tokenHealth,
    };
  }
}
