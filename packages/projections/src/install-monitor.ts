import type { DeploymentAction, LedgerEvent } from "@vpp-ledger/core";
import { type Projection, poolKey } from "./projection.js";

/** Where one user's install of one app stands (R17). */
export type InstallState =
  | "awaiting-terms"
  | "pending"
  | "installed"
  | "failed"
  | "uninstall-pending"
  | "reclaimed";

/** A user's VPP terms status as shown next to each deployment (R15). */
export type UserTermsStatus = "not-invited" | "invited" | "accepted" | "retired";

/** One row of the monitoring view. */
export interface InstallRow {
  readonly tenantId: string;
  readonly adamId: string;
  readonly userId: string;
  readonly state: InstallState;
  readonly terms: UserTermsStatus;
  readonly holdsLicense: boolean;
  /** Reason of the last failure (e.g. `no-license-available`), while the state is `failed`. */
  readonly failure: { readonly code: string; readonly message: string } | null;
  readonly updatedAt: string;
}

interface Row {
  tenantId: string;
  adamId: string;
  userId: string;
  state: InstallState;
  holdsLicense: boolean;
  failure: { code: string; message: string } | null;
  updatedAt: string;
}

/** Filters for {@link InstallMonitor.installs}. */
export interface InstallFilter {
  readonly adamId?: string;
  readonly state?: InstallState;
  readonly userId?: string;
}

/** Monitoring (R17): each user's install state per app, filterable, with the user's terms status (R15). */
export class InstallMonitor implements Projection {
  readonly name = "install-monitor";
  readonly #rows = new Map<string, Row>();
  readonly #terms = new Map<string, UserTermsStatus>();
  readonly #deployments = new Map<string, DeploymentAction>();

  apply(ledgerEvent: LedgerEvent): void {
    if (ledgerEvent.aggregate === "VppAccount") {
      const { tenantId, event } = ledgerEvent;
      if (event.type === "UserInvited") this.#terms.set(`${tenantId}:${event.data.userId}`, "invited");
      if (event.type === "TermsAccepted") this.#terms.set(`${tenantId}:${event.data.userId}`, "accepted");
      if (event.type === "UserRetired") this.#terms.set(`${tenantId}:${event.data.userId}`, "retired");
      return;
    }
    const { tenantId, adamId, event } = ledgerEvent;
    const pool = poolKey(tenantId, adamId);
    if (event.type === "AppDeployed") {
      this.#deployments.set(pool, event.data.action);
      if (event.data.action === "uninstall") {
        for (const row of this.#rows.values()) {
          if (row.tenantId === tenantId && row.adamId === adamId && row.holdsLicense) {
            Object.assign(row, { state: "uninstall-pending", updatedAt: event.data.at });
          }
        }
      }
      return;
    }
    if (event.type === "LicensesRevoked") {
      for (const userId of event.data.userIds) {
        const row = this.#rows.get(`${pool}:${userId}`);
        if (row) Object.assign(row, { state: "reclaimed", holdsLicense: false, updatedAt: event.data.at });
      }
      return;
    }
    if (!("userId" in event.data)) return;
    const { userId, at } = event.data;
    const row = this.#row(tenantId, adamId, userId, at);
    row.updatedAt = at;
    switch (event.type) {
      case "InstallRequested":
        if (!row.holdsLicense) Object.assign(row, { state: "awaiting-terms", failure: null });
        return;
      case "LicenseAssigned":
        Object.assign(row, { holdsLicense: true, failure: null });
        row.state = this.#deployments.get(pool) === "uninstall" ? "uninstall-pending" : "pending";
        return;
      case "AppInstalled":
        Object.assign(row, { state: "installed", failure: null });
        return;
      case "InstallFailed":
        Object.assign(row, { state: "failed", failure: { ...event.data.reason } });
        return;
      case "LicenseReclaimed":
      case "LicenseMovedToDevice":
        Object.assign(row, { state: "reclaimed", holdsLicense: false });
        return;
    }
  }

  #row(tenantId: string, adamId: string, userId: string, at: string): Row {
    const key = `${poolKey(tenantId, adamId)}:${userId}`;
    let row = this.#rows.get(key);
    if (!row) {
      row = { tenantId, adamId, userId, state: "pending", holdsLicense: false, failure: null, updatedAt: at };
      this.#rows.set(key, row);
    }
    return row;
  }

  /** A tenant's installs, optionally filtered by app, state or user, ordered by app then user. */
  installs(tenantId: string, filter: InstallFilter = {}): InstallRow[] {
    return [...this.#rows.values()]
      .filter(
        (row) =>
          row.tenantId === tenantId &&
          (filter.adamId === undefined || row.adamId === filter.adamId) &&
          (filter.state === undefined || row.state === filter.state) &&
          (filter.userId === undefined || row.userId === filter.userId),
      )
      .sort((a, b) => a.adamId.localeCompare(b.adamId) || a.userId.localeCompare(b.userId))
      .map((row) => ({ ...row, terms: this.termsOf(tenantId, row.userId) }));
  }

  /** Counts of installs per state for one app (the monitoring summary). */
  summary(tenantId: string, adamId: string): Record<InstallState, number> {
    const counts: Record<InstallState, number> = {
      "awaiting-terms": 0,
      pending: 0,
      installed: 0,
      failed: 0,
      "uninstall-pending": 0,
      reclaimed: 0,
    };
    for (const row of this.#rows.values()) {
      if (row.tenantId === tenantId && row.adamId === adamId) counts[row.state] += 1;
    }
    return counts;
  }

  /** A user's terms status (R15). */
  termsOf(tenantId: string, userId: string): UserTermsStatus {
    return this.#terms.get(`${tenantId}:${userId}`) ?? "not-invited";
  }
}
