/**
 * Command latency against stream length: does a License command on a pool with 1,000,000 events cost what it
 * costs on a pool with 1,000? With snapshots (snapshotEvery 100) it should: a load reads the snapshot plus at
 * most ~100 events, the append checks the expected version and probes ids through indexes, never the history.
 *
 *   npx tsx --conditions=source bench/command-latency.ts        (VPP_PG_URL=… adds a PostgreSQL server)
 *
 * Each store holds two pools of the same final state (1,000 purchased, required, 200 holders) whose histories
 * differ only in length: a short one and a long one padded with assign/reclaim pairs of other users. They are
 * seeded fast — pre-encoded events appended in batches of 10,000 with deterministic ids, then a snapshot at
 * the last version — and measured by alternating AssignLicense / ReclaimLicense of fresh users through the
 * VppLedger, interleaving the two pools so background noise falls on both. Two modes:
 * - `snapshot + tail`: a one-entry state cache that the interleaving always misses, so every command loads
 *   the snapshot and the events after it (a cold process, or many pools per process);
 * - `state cache`: the ledger's default cache, so a command reads only events newer than its cached state.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  AggregateStateCache,
  createVppLedger,
  type EventStore,
  type EventToAppend,
  eventIdFor,
  InMemoryEventStore,
  InMemorySnapshotStore,
  LicenseAggregate,
  type LicenseEvent,
  type LicenseState,
  licenseStreamId,
  type SnapshotStore,
} from "@vpp-ledger/core";
import { createPgliteEventStore, createPostgresEventStore } from "@vpp-ledger/eventstore-postgres";
import * as E from "fp-ts/lib/Either.js";

const TENANT = "bench";
const AT = "2026-11-25T12:00:00.000Z";
const HOLDERS = 200;
const SEED_BATCH = 10_000;
const WARM_UP = 20;

/** One store and mode: latency percentiles of the short and the long pool, in milliseconds. */
export interface LatencyRow {
  readonly store: string;
  readonly mode: "snapshot + tail" | "state cache";
  /** Commands measured per pool, after a warm-up. */
  readonly commands: number;
  readonly short: { readonly events: number; readonly p50: number; readonly p99: number };
  readonly long: { readonly events: number; readonly p50: number; readonly p99: number };
  /** Seconds spent seeding this store's long pool (not part of the latency). */
  readonly seedSeconds: number;
}

/** The padded history of a pool: the count, the deployment, the residents, then assign/reclaim pairs. */
function* poolHistory(length: number): Generator<LicenseEvent> {
  yield { type: "PurchasedCountSynced", data: { purchased: 1_000, previous: 0, at: AT } };
  yield { type: "AppDeployed", data: { action: "required", at: AT } };
  for (let i = 0; i < HOLDERS; i++) yield { type: "LicenseAssigned", data: { userId: `r-${i}`, at: AT } };
  for (let i = 0; i < (length - 2 - HOLDERS) / 2; i++) {
    yield { type: "LicenseAssigned", data: { userId: `c-${i}`, at: AT } };
    yield { type: "LicenseReclaimed", data: { userId: `c-${i}`, reason: "app-uninstalled", at: AT } };
  }
}

/** Appends the history in big pre-encoded batches and saves the snapshot at its last version. */
const seedPool = async (store: EventStore, snapshots: SnapshotStore, app: string, length: number) => {
  const streamId = licenseStreamId(TENANT, app);
  const metadata = {
    tenantId: TENANT,
    correlationId: "seed",
    causationId: "seed",
    actor: { kind: "system" as const },
    recordedAt: AT,
  };
  let state: LicenseState = LicenseAggregate.decider.initialState;
  let version = 0n;
  let batch: LicenseEvent[] = [];
  const flush = async () => {
    const commandId = `seed-${app}-${version}`;
    const encoded: EventToAppend[] = batch.map((event, i) => ({
      id: eventIdFor(commandId, i),
      ...LicenseAggregate.events.encode(event),
      metadata,
    }));
    version = (await store.appendToStream(streamId, encoded, { expectedVersion: version }))
      .nextExpectedVersion;
    state = LicenseAggregate.decider.fold(state, batch);
    batch = [];
  };
  for (const event of poolHistory(length)) {
    batch.push(event);
    if (batch.length === SEED_BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  const { schemaVersion, encode } = LicenseAggregate.snapshot;
  await snapshots.save({ streamId, streamVersion: version, schemaVersion, state: encode(state) });
};

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/** Alternates assign/reclaim of fresh users on both pools, interleaved; returns latencies (ms) per pool. */
const measure = async (
  deps: { store: EventStore; snapshots: SnapshotStore },
  mode: LatencyRow["mode"],
  apps: readonly [string, string],
  commands: number,
): Promise<[number[], number[]]> => {
  const ledger = createVppLedger({
    ...deps,
    snapshotEvery: 100,
    ...(mode === "snapshot + tail" ? { stateCache: new AggregateStateCache(1) } : {}),
  });
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < WARM_UP + commands; i++) {
    for (const [pool, app] of apps.entries()) {
      const userId = `m-${mode === "state cache" ? "c" : "s"}-${Math.floor(i / 2)}`;
      const command =
        i % 2 === 0
          ? ({ type: "AssignLicense", data: { userId, termsAccepted: true, at: AT } } as const)
          : ({ type: "ReclaimLicense", data: { userId, reason: "app-uninstalled", at: AT } } as const);
      const started = performance.now();
      const outcome = await ledger.license(TENANT, app, command, {
        commandId: `${mode === "state cache" ? "cached" : "snapshot"}-${app}-${i}`,
        actor: { kind: "system" },
      });
      const elapsed = performance.now() - started;
      if (E.isLeft(outcome)) throw new Error(`${command.type} on ${app}: ${outcome.left.message}`);
      if (i >= WARM_UP) samples[pool]!.push(elapsed);
    }
  }
  return samples;
};

const benchStore = async (
  name: string,
  deps: { store: EventStore; snapshots: SnapshotStore },
  sizes: { readonly short: number; readonly long: number; readonly commands: number },
): Promise<LatencyRow[]> => {
  await seedPool(deps.store, deps.snapshots, "short", sizes.short);
  const started = performance.now();
  await seedPool(deps.store, deps.snapshots, "long", sizes.long);
  const seedSeconds = (performance.now() - started) / 1000;
  const rows: LatencyRow[] = [];
  for (const mode of ["snapshot + tail", "state cache"] as const) {
    const [short, long] = (await measure(deps, mode, ["short", "long"], sizes.commands)).map((s) =>
      s.sort((a, b) => a - b),
    );
    const stats = (sorted: number[], events: number) => ({
      events,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
    });
    rows.push({
      store: name,
      mode,
      commands: sizes.commands,
      short: stats(short!, sizes.short),
      long: stats(long!, sizes.long),
      seedSeconds,
    });
  }
  return rows;
};

/** Options of {@link run}; the defaults are the published configuration. */
export interface LatencyOptions {
  readonly pgUrl?: string;
  /** Events in the long pool; 1,000,000 unless set. The short pool has 1,000. */
  readonly long?: number;
}

/** Measures the in-memory store, PGlite (in a temporary data directory) and, given `pgUrl`, a server. */
export const run = async (options: LatencyOptions = {}): Promise<LatencyRow[]> => {
  const long = options.long ?? 1_000_000;
  const rows = await benchStore(
    "in-memory",
    { store: new InMemoryEventStore(), snapshots: new InMemorySnapshotStore() },
    { short: 1_000, long, commands: 2_000 },
  );
  const dataDir = await mkdtemp(join(tmpdir(), "vpp-bench-latency-"));
  const pglite = await createPgliteEventStore({ dataDir });
  try {
    rows.push(...(await benchStore("PGlite", pglite, { short: 1_000, long, commands: 300 })));
  } finally {
    await pglite.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  if (options.pgUrl !== undefined) {
    const schema = `bench_latency_${randomBytes(4).toString("hex")}`;
    const server = await createPostgresEventStore({
      connectionString: options.pgUrl,
      schema,
      maxConnections: 2,
    });
    try {
      rows.push(...(await benchStore("PostgreSQL server", server, { short: 1_000, long, commands: 300 })));
    } finally {
      await server.close();
      const { default: pg } = await import("pg");
      const admin = new pg.Client({ connectionString: options.pgUrl });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }
  }
  return rows;
};

/** The table as text: one line per store and mode, latencies in ms. */
export const formatTable = (rows: ReadonlyArray<LatencyRow>): string => {
  const header = [
    "store",
    "mode",
    "p50 1k",
    "p99 1k",
    "p50 long",
    "p99 long",
    "p50 ratio",
    "p99 ratio",
    "seed s",
  ];
  const lines = rows.map((r) => [
    r.store,
    r.mode,
    ...[r.short.p50, r.short.p99, r.long.p50, r.long.p99].map((v) => v.toFixed(2)),
    ...[r.long.p50 / r.short.p50, r.long.p99 / r.short.p99, r.seedSeconds].map((v) => v.toFixed(2)),
  ]);
  const widths = header.map((title, c) => Math.max(title.length, ...lines.map((line) => line[c]!.length)));
  const format = (cells: ReadonlyArray<string>) =>
    cells.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(" | ");
  return [format(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...lines.map(format)].join("\n");
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const pgUrl = process.env.VPP_PG_URL;
  const started = performance.now();
  const rows = await run(pgUrl === undefined ? {} : { pgUrl });
  console.log(`License command latency, ms; long = ${rows[0]?.long.events} events; ratio = long / 1k`);
  console.log(formatTable(rows));
  console.log(
    `(${((performance.now() - started) / 1000).toFixed(0)} s${pgUrl === undefined ? "; set VPP_PG_URL to include a PostgreSQL server" : ""})`,
  );
}
