import type { EventStore } from "@vpp-ledger/core";
import {
  AccountOverview,
  InstallMonitor,
  type InstallState,
  LicenseAudit,
  LicenseHistory,
  PurchasedApps,
  project,
} from "@vpp-ledger/projections";
import { say } from "./story-kit.js";

/** What the read-model step needs to know about the story. */
export interface ReadModelQuestions {
  readonly tenantId: string;
  /** The instant the account page is rendered at (its status depends on the time). */
  readonly at: string;
  readonly appNames: ReadonlyMap<string, string>;
  /** "Who held a license of this app at these instants?" (R18). */
  readonly holdersOf: { readonly adamId: string; readonly instants: ReadonlyArray<string> };
}

const LIMIT = 2_147_483_647;
const count = (n: number) => (n === LIMIT ? "2147483647 (free)" : String(n));

/**
 * Rebuilds every read model from the whole event log (R18: the log is the only source) and prints the pages an
 * admin would see: account (R4), purchased apps (R11), installs by state (R17), holders at T (R18), audit (R19).
 */
export const printReadModels = async (store: EventStore, q: ReadModelQuestions): Promise<void> => {
  const overview = new AccountOverview();
  const apps = new PurchasedApps();
  const monitor = new InstallMonitor();
  const history = new LicenseHistory();
  const audit = new LicenseAudit();
  const { events } = await project(store, [overview, apps, monitor, history, audit]);
  say(`   rebuilt from ${events} events`);

  const account = overview.get(q.tenantId, q.at);
  if (!account) throw new Error(`no account page for ${q.tenantId}`);
  say(
    `   account (R4): ${account.tokenName}, Apple ID ${account.appleId}, ${account.orgName}, updated ${account.lastUpdatedAt}, ` +
      `expires ${account.expiresAt}, last successful sync ${account.lastSuccessfulSyncAt}, status ${account.status}` +
      (account.claimedBy ? ` (by ${account.claimedBy.mdmName})` : ""),
  );
  if (account.lastSyncFailure) say(`   last sync failure: ${account.lastSyncFailure.code}`);

  for (const app of apps.list(q.tenantId)) {
    const over = app.overAllocatedBy > 0 ? `, OVER-ALLOCATED by ${app.overAllocatedBy}` : "";
    say(
      `   app (R11) ${q.appNames.get(app.adamId) ?? app.adamId}: purchased ${count(app.purchased)}, ` +
        `assigned ${app.assigned}, available ${count(app.available)}${over}, deployment ${app.deployment ?? "none"}`,
    );
  }

  const byState = new Map<InstallState, string[]>();
  for (const row of monitor.installs(q.tenantId)) {
    const detail = row.failure ? ` (${row.failure.code})` : "";
    const list = byState.get(row.state) ?? [];
    list.push(`${row.userId}${detail} [terms ${row.terms}]`);
    byState.set(row.state, list);
  }
  for (const [state, users] of byState) say(`   installs ${state} (R17): ${users.join(", ")}`);

  const name = q.appNames.get(q.holdersOf.adamId) ?? q.holdersOf.adamId;
  for (const at of q.holdersOf.instants) {
    const holders = history.holdersAt(q.tenantId, q.holdersOf.adamId, at);
    say(`   ${name} licenses held at ${at} (R18): ${holders.join(", ") || "nobody"}`);
  }

  const report = audit.report();
  say(
    `   audit (R19) of ${report.eventsChecked} events, ${report.pools} pools: ` +
      (report.firstViolation
        ? `VIOLATION of ${report.firstViolation.rule} at event ${report.firstViolation.place.eventId}`
        : "R13 and R16 hold at every event"),
  );
};
