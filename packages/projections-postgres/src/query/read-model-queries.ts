import type { VppAccountPolicy } from "@vpp-ledger/core";
import type { SqlExecutor } from "@vpp-ledger/eventstore-postgres";
import type {
  AccountOverviewRow,
  AuditReport,
  AuditViolation,
  Holding,
  InstallRow,
  InstallState,
  PurchasedApp,
  UserTermsStatus,
} from "@vpp-ledger/projections";
import { accountOverview } from "./account-overview.js";
import { type InstallQuery, installSummary, installs, termsOf } from "./install-monitor.js";
import { auditFindings, auditReport } from "./license-audit.js";
import {
  deviceHoldersAt,
  type HistoryQuery,
  holdersAt,
  holdingsAt,
  licenseHistory,
} from "./license-history.js";
import type { Page, PageRequest } from "./paging.js";
import { type PurchasedAppsQuery, purchasedApp, purchasedApps } from "./purchased-apps.js";

/**
 * The console's questions, answered from the serving generation of the read models: each is one indexed
 * statement, and lists come a page at a time (keyset paging: pass a page's `next` as `after`). Results have the
 * in-memory read models' types (`@vpp-ledger/projections`). Ids sort byte-wise (C collation).
 */
export class ReadModelQueries {
  constructor(
    private readonly db: SqlExecutor,
    readonly schema: string,
    private readonly policy: VppAccountPolicy,
  ) {}

  /** A tenant's purchased apps with purchased, assigned and available counts (R11, R16). */
  purchasedApps(tenantId: string, query?: PurchasedAppsQuery): Promise<Page<PurchasedApp>> {
    return purchasedApps(this.db, this.schema, tenantId, query);
  }

  /** One app of a tenant, if the ledger knows it. */
  purchasedApp(tenantId: string, adamId: string): Promise<PurchasedApp | undefined> {
    return purchasedApp(this.db, this.schema, tenantId, adamId);
  }

  /** A tenant's installs, filtered by app, state or user, with the users' terms status (R15, R17). */
  installs(tenantId: string, query?: InstallQuery): Promise<Page<InstallRow>> {
    return installs(this.db, this.schema, tenantId, query);
  }

  /** Counts of installs per state for one app. */
  installSummary(tenantId: string, adamId: string): Promise<Record<InstallState, number>> {
    return installSummary(this.db, this.schema, tenantId, adamId);
  }

  /** A user's VPP terms status (R15). */
  termsOf(tenantId: string, userId: string): Promise<UserTermsStatus> {
    return termsOf(this.db, this.schema, tenantId, userId);
  }

  /** A tenant's license history, of an app and/or a user (R18). */
  licenseHistory(tenantId: string, query?: HistoryQuery): Promise<Page<Holding>> {
    return licenseHistory(this.db, this.schema, tenantId, query);
  }

  /** Who held which license of an app at instant `at` (R18): the holdings, by user. */
  holdingsAt(tenantId: string, adamId: string, at: string, page?: PageRequest): Promise<Page<Holding>> {
    return holdingsAt(this.db, this.schema, tenantId, adamId, at, page);
  }

  /** The users holding a license of an app at instant `at`, sorted. */
  holdersAt(tenantId: string, adamId: string, at: string): Promise<string[]> {
    return holdersAt(this.db, this.schema, tenantId, adamId, at);
  }

  /** The devices (serial numbers) holding a license of an app at instant `at`, sorted (R20). */
  deviceHoldersAt(tenantId: string, adamId: string, at: string): Promise<string[]> {
    return deviceHoldersAt(this.db, this.schema, tenantId, adamId, at);
  }

  /** The account page of a tenant with its status at instant `at` (R4), or undefined before any token upload. */
  account(tenantId: string, at: string): Promise<AccountOverviewRow | undefined> {
    return accountOverview(this.db, this.schema, this.policy, tenantId, at);
  }

  /** The audit so far (R19): events checked, pools, the first violation. */
  auditReport(): Promise<AuditReport> {
    return auditReport(this.db, this.schema);
  }

  /** Every audit finding, of all tenants or one, in log order. */
  auditFindings(query?: PageRequest & { readonly tenantId?: string }): Promise<Page<AuditViolation>> {
    return auditFindings(this.db, this.schema, query);
  }
}
