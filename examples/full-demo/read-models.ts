import { isDeepStrictEqual } from "node:util";
import type { EventStore, LiveProcessor } from "@vpp-ledger/core";
import {
  AccountOverview,
  InstallMonitor,
  type InstallRow,
  type InstallState,
  LicenseAudit,
  LicenseHistory,
  PurchasedApps,
  project,
} from "@vpp-ledger/projections";
import type { Page, PageRequest, PostgresReadModels } from "@vpp-ledger/projections-postgres";
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

/** Where the console's pages come from: the durable read models, and the processor that feeds them. */
export interface ConsoleReadModels {
  readonly store: EventStore;
  readonly readModels: PostgresReadModels;
  readonly feed: LiveProcessor;
}

const LIMIT = 2_147_483_647;
const count = (n: number) => (n === LIMIT ? "2147483647 (free)" : String(n));

/** Every item of a paged query, following the cursors. */
const all = async <T>(query: (page: PageRequest) => Promise<Page<T>>): Promise<T[]> => {
  const items: T[] = [];
  let after: string | undefined;
  do {
    const page = await query({ limit: 1_000, ...(after === undefined ? {} : { after }) });
    items.push(...page.items);
    after = page.next ?? undefined;
  } while (after !== undefined);
  return items;
};

/**
 * Prints the pages an admin would see, from the durable read models the host keeps live: account (R4),
 * purchased apps (R11), installs by state (R17), holders at T (R18), audit (R19). Then replays the whole log
 * into the in-memory read models, as an auditor would (R18: the log is the only source), and checks both agree.
 */
export const printReadModels = async (source: ConsoleReadModels, q: ReadModelQuestions): Promise<void> => {
  const rm = source.readModels.queries;
  // The feed follows the log at each append's commit; wait until it has applied the last one.
  while ((await source.feed.lag()).events !== 0n) await new Promise((resolve) => setTimeout(resolve, 10));
  say(`   durable read models at log position ${(await source.feed.lag()).position}, live`);

  const account = await rm.account(q.tenantId, q.at);
  if (!account) throw new Error(`no account page for ${q.tenantId}`);
  say(
    `   account (R4): ${account.tokenName}, Apple ID ${account.appleId}, ${account.orgName}, updated ${account.lastUpdatedAt}, ` +
      `expires ${account.expiresAt}, last successful sync ${account.lastSuccessfulSyncAt}, status ${account.status}` +
      (account.claimedBy ? ` (by ${account.claimedBy.mdmName})` : ""),
  );
  if (account.lastSyncFailure) say(`   last sync failure: ${account.lastSyncFailure.code}`);

  const apps = await all((page) => rm.purchasedApps(q.tenantId, page));
  for (const app of apps) {
    const over = app.overAllocatedBy > 0 ? `, OVER-ALLOCATED by ${app.overAllocatedBy}` : "";
    say(
      `   app (R11) ${q.appNames.get(app.adamId) ?? app.adamId}: purchased ${count(app.purchased)}, ` +
        `assigned ${app.assigned}, available ${count(app.available)}${over}, deployment ${app.deployment ?? "none"}`,
    );
  }

  const installs = await all((page) => rm.installs(q.tenantId, page));
  const byState = new Map<InstallState, string[]>();
  for (const row of installs) {
    const detail = row.failure ? ` (${row.failure.code})` : "";
    const list = byState.get(row.state) ?? [];
    list.push(`${row.userId}${detail} [terms ${row.terms}]`);
    byState.set(row.state, list);
  }
  for (const [state, users] of byState) say(`   installs ${state} (R17): ${users.join(", ")}`);

  const name = q.appNames.get(q.holdersOf.adamId) ?? q.holdersOf.adamId;
  const holders = new Map<string, string[]>();
  for (const at of q.holdersOf.instants) {
    holders.set(at, await rm.holdersAt(q.tenantId, q.holdersOf.adamId, at));
    say(`   ${name} licenses held at ${at} (R18): ${holders.get(at)?.join(", ") || "nobody"}`);
  }

  const report = await rm.auditReport();
  say(
    `   audit (R19) of ${report.eventsChecked} events, ${report.pools} pools: ` +
      (report.firstViolation
        ? `VIOLATION of ${report.firstViolation.rule} at event ${report.firstViolation.place.eventId}`
        : "R13 and R16 hold at every event"),
  );

  await checkAgainstReplay(source.store, q, { apps, installs, holders, eventsChecked: report.eventsChecked });
};

/** The auditor's view: every read model rebuilt in memory from the whole log must equal the durable one. */
const checkAgainstReplay = async (
  store: EventStore,
  q: ReadModelQuestions,
  durable: {
    readonly apps: ReadonlyArray<unknown>;
    readonly installs: ReadonlyArray<InstallRow>;
    readonly holders: ReadonlyMap<string, ReadonlyArray<string>>;
    readonly eventsChecked: number;
  },
): Promise<void> => {
  const overview = new AccountOverview();
  const apps = new PurchasedApps();
  const monitor = new InstallMonitor();
  const history = new LicenseHistory();
  const audit = new LicenseAudit();
  const { events } = await project(store, [overview, apps, monitor, history, audit]);
  const byKey = (rows: ReadonlyArray<InstallRow>) =>
    [...rows].sort((a, b) => `${a.adamId}/${a.userId}`.localeCompare(`${b.adamId}/${b.userId}`));
  const agree =
    isDeepStrictEqual(apps.list(q.tenantId), durable.apps) &&
    isDeepStrictEqual(byKey(monitor.installs(q.tenantId)), byKey(durable.installs)) &&
    q.holdersOf.instants.every((at) =>
      isDeepStrictEqual(history.holdersAt(q.tenantId, q.holdersOf.adamId, at), durable.holders.get(at)),
    ) &&
    audit.report().eventsChecked === durable.eventsChecked;
  if (!agree) throw new Error("the durable read models disagree with a full replay of the log");
  say(`   a full in-memory replay of ${events} events (the auditor's view) gives the same pages`);
};
