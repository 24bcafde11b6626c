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
  /** "Who (users and devices) held a license of these apps at these instants?" (R18, R20). */
  readonly holdersOf: ReadonlyArray<HoldersQuestion>;
}

/** One app and the instants its holders are asked at. */
export interface HoldersQuestion {
  readonly adamId: string;
  readonly instants: ReadonlyArray<string>;
}

/** The users and the devices holding licenses of one app at one instant. */
interface HeldAt {
  readonly users: ReadonlyArray<string>;
  readonly devices: ReadonlyArray<string>;
}

const holdersKey = (adamId: string, at: string) => `${adamId}@${at}`;

const describeHeld = ({ users, devices }: HeldAt): string =>
  [
    ...(users.length > 0 ? [users.join(", ")] : []),
    ...(devices.length > 0 ? [`devices ${devices.join(", ")}`] : []),
  ].join("; ") || "nobody";

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
      `expires ${account.expiresAt} (token ${account.tokenHealth}), last successful sync ` +
      `${account.lastSuccessfulSyncAt}, status ${account.status}` +
      (account.claimedBy ? ` (by ${account.claimedBy.mdmName})` : ""),
  );
  if (account.lastSyncFailure) say(`   last sync failure: ${account.lastSyncFailure.code}`);

  const apps = await all((page) => rm.purchasedApps(q.tenantId, page));
  for (const app of apps) {
    const over = app.overAllocatedBy > 0 ? `, OVER-ALLOCATED by ${app.overAllocatedBy}` : "";
    say(
      `   app (R11) ${q.appNames.get(app.adamId) ?? app.adamId}: purchased ${count(app.purchased)}, ` +
        `assigned ${app.assigned}${app.assignedToDevices > 0 ? ` (${app.assignedToDevices} to devices)` : ""}, ` +
        `available ${count(app.available)}${over}, deployment ${app.deployment ?? "none"}` +
        `${app.licensing === "device" ? " to devices" : ""}, use ${app.usageLevel}`,
    );
  }

  const installs = await all((page) => rm.installs(q.tenantId, page));
  const byState = new Map<InstallState, string[]>();
  for (const row of installs) {
    const detail = row.failure ? ` (${row.failure.code})` : "";
    const list = byState.get(row.state) ?? [];
    list.push(`${row.userId}${detail} on ${q.appNames.get(row.adamId) ?? row.adamId} [terms ${row.terms}]`);
    byState.set(row.state, list);
  }
  for (const [state, users] of byState) say(`   installs ${state} (R17): ${users.join(", ")}`);

  const holders = new Map<string, HeldAt>();
  for (const { adamId, instants } of q.holdersOf) {
    for (const at of instants) {
      const held = {
        users: await rm.holdersAt(q.tenantId, adamId, at),
        devices: await rm.deviceHoldersAt(q.tenantId, adamId, at),
      };
      holders.set(holdersKey(adamId, at), held);
      say(`   ${q.appNames.get(adamId) ?? adamId} licenses held at ${at} (R18): ${describeHeld(held)}`);
    }
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
    readonly holders: ReadonlyMap<string, HeldAt>;
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
    q.holdersOf.every(({ adamId, instants }) =>
      instants.every((at) =>
        isDeepStrictEqual(
          {
            users: history.holdersAt(q.tenantId, adamId, at),
            devices: history.deviceHoldersAt(q.tenantId, adamId, at),
          },
          durable.holders.get(holdersKey(adamId, at)),
        ),
      ),
    ) &&
    audit.report().eventsChecked === durable.eventsChecked;
  if (!agree) throw new Error("the durable read models disagree with a full replay of the log");
  say(`   a full in-memory replay of ${events} events (the auditor's view) gives the same pages`);
};
