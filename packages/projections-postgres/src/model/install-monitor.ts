import type { DeploymentAction, LedgerEvent } from "@vpp-ledger/core";
import type { InstallState, UserTermsStatus } from "@vpp-ledger/projections";

/** One user's install of one app as stored (R17); the terms status is joined in at query time (R15). */
export interface InstallStateRow {
  readonly tenantId: string;
  readonly adamId: string;
  readonly userId: string;
  readonly state: InstallState;
  readonly holdsLicense: boolean;
  readonly failure: { readonly code: string; readonly message: string } | null;
  readonly updatedAt: string;
}

/** What one ledger event changes in the install monitor. */
export type InstallMonitorChange =
  | { readonly kind: "install-upserted"; readonly row: InstallStateRow }
  | {
      readonly kind: "terms-set";
      readonly tenantId: string;
      readonly userId: string;
      readonly terms: Exclude<UserTermsStatus, "not-invited">;
    }
  | {
      readonly kind: "deployment-set";
      readonly tenantId: string;
      readonly adamId: string;
      readonly action: DeploymentAction;
    }
  /** An admin revoked the app's licenses: each listed user's install, where there is one, is `reclaimed`. */
  | {
      readonly kind: "licenses-revoked";
      readonly tenantId: string;
      readonly adamId: string;
      readonly userIds: ReadonlyArray<string>;
      readonly at: string;
    }
  /** The app is being uninstalled: every install of it that holds a license is now `uninstall-pending`. */
  | {
      readonly kind: "uninstall-pending";
      readonly tenantId: string;
      readonly adamId: string;
      readonly at: string;
    };

/** The rows an event needs: the user's install of the event's app, and the app's deployment. */
export interface InstallMonitorInput {
  readonly install: InstallStateRow | undefined;
  readonly deployment: DeploymentAction | undefined;
}

const TERMS = { UserInvited: "invited", TermsAccepted: "accepted", UserRetired: "retired" } as const;

/**
 * The install-monitor projection (R14, R15, R17), pure, with `InstallMonitor`'s rules: an install row per (app,
 * user) from the first License event naming the user; uninstalling an app marks every holder's install
 * `uninstall-pending` (one set-wide change, since the event names no user).
 */
export const projectInstallMonitor = (
  ledgerEvent: LedgerEvent,
  input: InstallMonitorInput,
): InstallMonitorChange[] => {
  if (ledgerEvent.aggregate === "VppAccount") {
    const { tenantId, event } = ledgerEvent;
    if (event.type !== "UserInvited" && event.type !== "TermsAccepted" && event.type !== "UserRetired")
      return [];
    return [{ kind: "terms-set", tenantId, userId: event.data.userId, terms: TERMS[event.type] }];
  }
  const { tenantId, adamId, event } = ledgerEvent;
  if (event.type === "AppDeployed") {
    const { action, at } = event.data;
    const deployed: InstallMonitorChange = { kind: "deployment-set", tenantId, adamId, action };
    return action === "uninstall"
      ? [deployed, { kind: "uninstall-pending", tenantId, adamId, at }]
      : [deployed];
  }
  if (event.type === "LicensesRevoked") {
    const { userIds, at } = event.data;
    return [{ kind: "licenses-revoked", tenantId, adamId, userIds, at }];
  }
  if (!("userId" in event.data)) return [];
  const { userId, at } = event.data;
  const row: InstallStateRow = {
    ...(input.install ?? { tenantId, adamId, userId, state: "pending", holdsLicense: false, failure: null }),
    updatedAt: at,
  };
  const upsert = (next: Partial<InstallStateRow>): InstallMonitorChange[] => [
    { kind: "install-upserted", row: { ...row, ...next } },
  ];
  switch (event.type) {
    case "InstallRequested":
      return row.holdsLicense ? upsert({}) : upsert({ state: "awaiting-terms", failure: null });
    case "LicenseAssigned":
      return upsert({
        holdsLicense: true,
        failure: null,
        state: input.deployment === "uninstall" ? "uninstall-pending" : "pending",
      });
    case "AppInstalled":
      return upsert({ state: "installed", failure: null });
    case "InstallFailed":
      return upsert({
        state: "failed",
        failure: { code: event.data.reason.code, message: event.data.reason.message },
      });
    case "LicenseReclaimed":
    case "LicenseMovedToDevice":
      return upsert({ state: "reclaimed", holdsLicense: false });
    default:
      return upsert({});
  }
};
