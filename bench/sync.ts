/**
 * A full sync of one large VPP account against the Apple simulator: wall time and peak heap, at the full size
 * (5,000 apps, 100,000 users, 200,000 assignments) and at a quarter of it, printed as one table.
 *
 *   npx tsx --conditions=source bench/sync.ts
 *
 * The simulator runs in a child process, so the heap measured is the sync's own (plus the ledger's in-memory
 * store); its page size is 1,000 and its rate limit out of the way, so the figures measure this code, not
 * Apple's 15 requests per second. The population: 10% of users are ours (8% accepted in the ledger with their
 * two licenses each, 2% still invited there but Associated at Apple, so the first sync accepts their terms and
 * reports their Apple licenses as drift); 90% are another MDM's. Every user holds two apps; every app has 60
 * licenses at Apple and 50 in the ledger, so the first sync updates every pool and the second finds nothing.
 */
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  appleAccountId,
  createAppleClient,
  InMemoryTokenVault,
  linkAccount,
  type SyncOutcome,
  syncAccount,
} from "@vpp-ledger/apple-sync";
import {
  createVppLedger,
  type EventStore,
  eventIdFor,
  InMemoryEventStore,
  InMemorySnapshotStore,
  type LicenseEvent,
  licenseEvents,
  licenseStreamId,
  type VppAccountEvent,
  vppAccountEvents,
  vppAccountStreamId,
} from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";

/** A location's size. */
export interface SyncBenchSize {
  readonly label: string;
  readonly apps: number;
  readonly users: number;
}

/** One size's figures. */
export interface SyncBenchRow {
  readonly size: SyncBenchSize;
  readonly assignments: number;
  /** Wall time of the first sync (every pool updated, terms accepted) and of a second one (nothing new). */
  readonly firstSyncMs: number;
  readonly secondSyncMs: number;
  readonly firstChanges: number;
  readonly drift: number;
  /** Peak heapUsed during each sync above the heap before it (after a GC), in MiB. */
  readonly firstPeakMiB: number;
  readonly secondPeakMiB: number;
  /** heapUsed after the first sync and a GC, above the heap before it: what the sync left (new events, snapshots). */
  readonly firstRetainedMiB: number;
  /** heapUsed before the first sync (the ledger's store and snapshots in memory), in MiB. */
  readonly baselineMiB: number;
}

/** Full size and a quarter of it (200,000 and 50,000 assignments: two per user). */
export const SIZES: ReadonlyArray<SyncBenchSize> = [
  { label: "quarter", apps: 1_250, users: 25_000 },
  { label: "full", apps: 5_000, users: 100_000 },
];

const TENANT = "bench";
const AT = "2026-06-01T09:00:00.000Z";
const OUR_MDM = { id: "vpp-ledger-bench", name: "vpp-ledger bench", metadata: "bench" };
const MiB = 1024 * 1024;

/** Who is who in a location of `users` users. */
const population = (users: number) => ({
  ours: Math.floor(users / 10),
  settled: Math.floor((users / 10) * 0.8),
});
const userId = (index: number, ours: number) => (index < ours ? `u-${index}` : `f-${index}`);
const appsOf = (index: number, apps: number) => [
  String(100_000 + ((2 * index) % apps)),
  String(100_000 + ((2 * index + 1) % apps)),
];

interface SimulatorReady {
  readonly baseUrl: string;
  readonly tokenFile: string;
  readonly seededMs: number;
}

/** The child process: a simulator seeded with the location, until the parent says stop. */
const simulatorChild = async (): Promise<void> => {
  const { startAppleSimulator } = await import("@vpp-ledger/apple-simulator");
  process.once("message", async (size: SyncBenchSize) => {
    const started = Date.now();
    const sim = await startAppleSimulator({ pageSize: 1_000, maxRequestPerSecond: 1_000_000 });
    const loc = sim.addLocation({ orgName: "Bench School", expiresAt: "2027-11-25T10:00:00Z" });
    for (let i = 0; i < size.apps; i++) loc.addAsset({ adamId: String(100_000 + i), totalCount: 60 });
    const { ours } = population(size.users);
    for (let i = 0; i < size.users; i++) {
      const clientUserId = userId(i, ours);
      loc.addForeignUser({ clientUserId, status: "Associated" });
      for (const adamId of appsOf(i, size.apps)) loc.addForeignAssignment({ adamId, clientUserId });
    }
    const ready: SimulatorReady = {
      baseUrl: sim.baseUrl,
      tokenFile: loc.vppTokenFile(),
      seededMs: Date.now() - started,
    };
    process.send?.(ready);
    process.once("message", () => void sim.close().then(() => process.exit(0)));
  });
};

const startSimulator = (size: SyncBenchSize): Promise<{ child: ChildProcess; ready: SimulatorReady }> =>
  new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ["--simulator-child"], { execArgv: process.execArgv });
    child.once("error", reject);
    child.once("message", (ready) => resolve({ child, ready: ready as SimulatorReady }));
    child.send(size);
  });

const append = async <Ev extends { type: string }>(
  store: EventStore,
  streamId: string,
  catalog: { encode(event: Ev): { type: string; schemaVersion: number; data: unknown } },
  events: ReadonlyArray<Ev>,
): Promise<void> => {
  for (let start = 0; start < events.length; start += 1_000) {
    const batch = events.slice(start, start + 1_000).map((event, index) => ({
      id: eventIdFor(`seed:${streamId}:${start}`, index),
      ...catalog.encode(event),
      metadata: {
        tenantId: TENANT,
        correlationId: "seed",
        causationId: "seed",
        actor: { kind: "system" as const },
        recordedAt: AT,
      },
    }));
    await store.appendToStream(streamId, batch);
  }
};

/** The ledger's history before the sync: users invited (and most accepted), pools of 50 with our holders. */
const seedLedger = async (store: EventStore, size: SyncBenchSize): Promise<void> => {
  const { ours, settled } = population(size.users);
  const account: VppAccountEvent[] = [];
  for (let i = 0; i < ours; i++)
    account.push({ type: "UserInvited", data: { userId: userId(i, ours), at: AT } });
  for (let i = 0; i < settled; i++)
    account.push({ type: "TermsAccepted", data: { userId: userId(i, ours), at: AT } });
  await append(store, vppAccountStreamId(TENANT), vppAccountEvents, account);
  const pools = new Map<string, LicenseEvent[]>();
  for (let a = 0; a < size.apps; a++) {
    pools.set(String(100_000 + a), [
      { type: "PurchasedCountSynced", data: { purchased: 50, previous: 0, at: AT } },
      { type: "AppDeployed", data: { action: "required", at: AT } },
    ]);
  }
  for (let i = 0; i < settled; i++) {
    for (const adamId of appsOf(i, size.apps))
      pools.get(adamId)?.push({ type: "LicenseAssigned", data: { userId: userId(i, ours), at: AT } });
  }
  for (const [adamId, events] of pools)
    await append(store, licenseStreamId(TENANT, adamId), licenseEvents, events);
};

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Runs `work` while sampling heapUsed every 5 ms; returns its result, wall time and peak above the start. */
const measure = async <A>(work: () => Promise<A>) => {
  gc();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 5);
  const started = process.hrtime.bigint();
  const result = await work();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().heapUsed);
  gc();
  const retainedMiB = (process.memoryUsage().heapUsed - before) / MiB;
  return { result, ms, before, peakMiB: (peak - before) / MiB, retainedMiB };
};

const succeeded = (outcome: E.Either<{ readonly message: string }, SyncOutcome>) => {
  if (E.isLeft(outcome)) throw new Error(`sync refused: ${outcome.left.message}`);
  if (outcome.right.status !== "succeeded") throw new Error(`sync failed: ${outcome.right.failure.message}`);
  return outcome.right;
};

const benchOne = async (size: SyncBenchSize): Promise<SyncBenchRow> => {
  const { child, ready } = await startSimulator(size);
  try {
    const store = new InMemoryEventStore();
    const ledger = createVppLedger({ store, snapshots: new InMemorySnapshotStore() });
    const vault = new InMemoryTokenVault();
    const linked = await linkAccount(
      { ledger, vault },
      {
        tenantId: TENANT,
        tokenFile: ready.tokenFile,
        tokenName: "bench",
        appleId: "admin@bench.example",
        acknowledgedSingleAccount: true,
        at: AT,
      },
      { commandId: "link", actor: { kind: "admin" } },
    );
    if (E.isLeft(linked)) throw new Error(linked.left.message);
    await seedLedger(store, size);
    const client = createAppleClient({
      vault,
      accountId: appleAccountId(TENANT),
      baseUrl: ready.baseUrl,
      mdmInfo: OUR_MDM,
    });
    let clock = Date.parse(AT);
    const now = () => {
      clock += 1;
      return new Date(clock).toISOString();
    };
    const deps = { ledger, client, now };
    const sync = (syncId: string) => () =>
      syncAccount(deps, { tenantId: TENANT, syncId, trigger: "schedule", at: deps.now() }).then(succeeded);
    const first = await measure(sync("first"));
    const second = await measure(sync("second"));
    return {
      size,
      assignments: size.users * 2,
      firstSyncMs: first.ms,
      secondSyncMs: second.ms,
      firstChanges: first.result.report.changes,
      drift: first.result.report.drift,
      firstPeakMiB: first.peakMiB,
      secondPeakMiB: second.peakMiB,
      firstRetainedMiB: first.retainedMiB,
      baselineMiB: first.before / MiB,
    };
  } finally {
    child.send("stop");
  }
};

/** Benchmarks each size in turn. */
export const run = async (sizes: ReadonlyArray<SyncBenchSize> = SIZES): Promise<SyncBenchRow[]> => {
  const rows: SyncBenchRow[] = [];
  for (const size of sizes) rows.push(await benchOne(size));
  return rows;
};

/** The table as text: one line per size. */
export const formatTable = (rows: ReadonlyArray<SyncBenchRow>): string => {
  const header = [
    "size",
    "apps",
    "users",
    "assignments",
    "sync 1 (s)",
    "changes",
    "drift",
    "sync 2 (s)",
    "heap before (MiB)",
    "peak +MiB sync 1",
    "retained +MiB sync 1",
    "peak +MiB sync 2",
  ];
  const lines = rows.map((row) => [
    row.size.label,
    String(row.size.apps),
    String(row.size.users),
    String(row.assignments),
    (row.firstSyncMs / 1000).toFixed(2),
    String(row.firstChanges),
    String(row.drift),
    (row.secondSyncMs / 1000).toFixed(2),
    row.baselineMiB.toFixed(0),
    row.firstPeakMiB.toFixed(0),
    row.firstRetainedMiB.toFixed(0),
    row.secondPeakMiB.toFixed(0),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]?.length ?? 0)),
  );
  const format = (cells: ReadonlyArray<string>) =>
    cells
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join(" | ");
  return [format(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...lines.map(format)].join("\n");
};

if (process.argv.includes("--simulator-child")) {
  await simulatorChild();
} else if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(formatTable(await run()));
}
