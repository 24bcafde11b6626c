/**
 * Live lag of the durable read models (issue 8, item 3): how long after a command's append the five read models
 * show it, while commands arrive at a steady rate (200/s unless LIVE_LAG_RATE is set).
 *
 *   npx tsx --conditions=source bench/live-lag.ts     (VPP_PG_URL=… adds a PostgreSQL server; LIVE_LAG_SECONDS=…)
 *
 * Per row: 20 pools of a new tenant get SyncPurchasedCount and DeployApp, then an open-loop driver sends one
 * command every 1000/rate ms through the ledger (AssignLicense and ReclaimLicense in turn over 300 users a pool:
 * a pool's commands for one user are 30 s apart), whatever the previous ones are doing. A `LiveProcessor` feeds
 * the read models through their exactly-once sink. An event's lag is the wall time from the moment its command's
 * append returned (or, if the processor got there first, 0) to the commit of the batch that applied it. Rows:
 * the server woken by LISTEN/NOTIFY; the server polling only (every 100 ms, no wakeup: the fallback); PGlite
 * woken by its in-process LISTEN. `behind` is the largest `lag().events` sampled once a second (the figure a host
 * reads).
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import {
  type BatchSink,
  type CallContext,
  createVppLedger,
  LiveProcessor,
  LogProcessor,
  type LogWakeup,
  type VppLedger,
} from "@vpp-ledger/core";
import {
  createPgliteEventStore,
  createPostgresEventStore,
  type PostgresStorage,
} from "@vpp-ledger/eventstore-postgres";
import {
  createPgliteReadModels,
  createPostgresReadModels,
  type PostgresReadModels,
} from "@vpp-ledger/projections-postgres";
import * as E from "fp-ts/lib/Either.js";
import pg from "pg";
import { textTable } from "./_table.js";

const POOLS = 20;
const USERS = 300;

/** One row's figures. */
export interface LiveLagRow {
  readonly store: string;
  readonly wakeup: string;
  /** Commands sent and their achieved rate. */
  readonly commands: number;
  readonly rate: number;
  /** Events applied by the read models during the run. */
  readonly events: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Most events behind the head, sampled once a second through `LiveProcessor.lag()`. */
  readonly behind: bigint;
  /** Commands that came back as a `Left` (none expected). */
  readonly failures: number;
}

const adamId = (pool: number): string => String(300_000 + pool);
const context = (id: string): CallContext => ({ commandId: id, actor: { kind: "admin", id: "bench" } });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const percentile = (sorted: ReadonlyArray<number>, p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;

const seedPools = async (ledger: VppLedger, tenant: string, run: string): Promise<void> => {
  const at = new Date().toISOString();
  for (let pool = 0; pool < POOLS; pool++) {
    const commands = [
      { type: "SyncPurchasedCount", data: { purchased: 1_000, at } },
      { type: "DeployApp", data: { action: "required", at } },
    ] as const;
    for (const [i, command] of commands.entries()) {
      const outcome = await ledger.license(
        tenant,
        adamId(pool),
        command,
        context(`${run}-seed-${pool}-${i}`),
      );
      if (E.isLeft(outcome)) throw new Error(`seeding pool ${pool}: ${outcome.left.message}`);
    }
  }
};

/** Sends `rate` commands a second for `seconds`, open loop; resolves when every command has come back. */
const drive = async (
  ledger: VppLedger,
  tenant: string,
  run: string,
  rate: number,
  seconds: number,
  appendedAt: Map<bigint, number>,
) => {
  const holding = new Set<string>();
  const inFlight: Promise<void>[] = [];
  let failures = 0;
  const started = performance.now();
  const total = Math.round(rate * seconds);
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const pool = i % POOLS;
    const userId = `u-${Math.floor(i / POOLS) % USERS}`;
    const key = `${pool}/${userId}`;
    const at = new Date().toISOString();
    const command = holding.has(key)
      ? ({ type: "ReclaimLicense", data: { userId, reason: "app-uninstalled", at } } as const)
      : ({ type: "AssignLicense", data: { userId, termsAccepted: true, at } } as const);
    if (holding.has(key)) holding.delete(key);
    else holding.add(key);
    inFlight.push(
      ledger.license(tenant, adamId(pool), command, context(`${run}-${i}`)).then((outcome) => {
        if (E.isLeft(outcome)) failures++;
        else if (outcome.right.written) appendedAt.set(outcome.right.lastGlobalPosition, performance.now());
      }),
    );
  }
  await Promise.all(inFlight);
  return { commands: total, rate: total / ((performance.now() - started) / 1000), failures };
};

/** Wraps the read models' sink to note when each applied event's batch committed. */
const timedSink = (inner: BatchSink, appliedAt: Map<bigint, number>): BatchSink => ({
  position: () => inner.position(),
  commit: async (batch) => {
    await inner.commit(batch);
    const now = performance.now();
    for (const event of batch.events) appliedAt.set(event.place.globalPosition, now);
  },
});

const measure = async (
  store: string,
  storage: PostgresStorage,
  readModels: PostgresReadModels,
  wakeup: { readonly name: string; readonly signals: LogWakeup | undefined; readonly pollMs: number },
  rate: number,
  seconds: number,
): Promise<LiveLagRow> => {
  const run = randomBytes(4).toString("hex");
  const ledger = createVppLedger({ store: storage.store, snapshots: storage.snapshots });
  // A tenant per row: each row starts from empty pools.
  const tenant = `live-${run}`;
  await seedPools(ledger, tenant, run);
  const feed = readModels.feed({ name: `live-${run}`, store: storage.store, parked: storage.parked });
  const appliedAt = new Map<bigint, number>();
  const appendedAt = new Map<bigint, number>();
  const live = new LiveProcessor(new LogProcessor({ ...feed, sink: timedSink(feed.sink, appliedAt) }), {
    ...(wakeup.signals === undefined ? {} : { wakeup: wakeup.signals }),
    pollIntervalMs: wakeup.pollMs,
    onError: (error) => console.error("processor:", error),
  });
  live.start();
  // Let the processor catch up with the seed before the clock starts.
  while ((await live.lag()).events !== 0n) await sleep(50);
  appliedAt.clear();
  let behind = 0n;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const { events } = await live.lag();
      if (events !== undefined && events > behind) behind = events;
      await sleep(1_000);
    }
  })();
  const driven = await drive(ledger, tenant, run, rate, seconds, appendedAt);
  const head = await storage.store.headPosition();
  while ((live.processor.position ?? 0n) < head) await sleep(20);
  sampling = false;
  await sampler;
  await live.stop();
  const lags: number[] = [];
  for (const [position, appended] of appendedAt) {
    const applied = appliedAt.get(position);
    if (applied === undefined) throw new Error(`position ${position} was never applied`);
    lags.push(Math.max(0, applied - appended));
  }
  lags.sort((a, b) => a - b);
  return {
    store,
    wakeup: wakeup.name,
    ...driven,
    events: appliedAt.size,
    p50: percentile(lags, 50),
    p99: percentile(lags, 99),
    max: lags.at(-1) ?? Number.NaN,
    behind,
  };
};

/** Runs the server rows (given `pgUrl`) and the PGlite row. */
export const run = async (
  options: { readonly pgUrl?: string; readonly rate?: number; readonly seconds?: number } = {},
): Promise<LiveLagRow[]> => {
  const rate = options.rate ?? 200;
  const seconds = options.seconds ?? 30;
  const rows: LiveLagRow[] = [];
  if (options.pgUrl !== undefined) {
    const suffix = randomBytes(4).toString("hex");
    const schemas = [`bench_live_log_${suffix}`, `bench_live_rm_${suffix}`];
    const pool = new pg.Pool({ connectionString: options.pgUrl, max: 12 });
    const storage = await createPostgresEventStore({ pool, schema: schemas[0] });
    try {
      for (const wakeup of [
        { name: "LISTEN/NOTIFY", signals: storage.wakeup, pollMs: 1_000 },
        { name: "polling, 100 ms", signals: undefined, pollMs: 100 },
      ]) {
        const readModels = await createPostgresReadModels({ pool, schema: `${schemas[1]}_${rows.length}` });
        schemas.push(readModels.schema);
        rows.push(await measure("PostgreSQL server", storage, readModels, wakeup, rate, seconds));
      }
    } finally {
      await storage.close();
      for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  }
  const dataDir = await mkdtemp(join(tmpdir(), "vpp-bench-live-lag-"));
  const pglite = await PGlite.create({ dataDir });
  try {
    const storage = await createPgliteEventStore({ pglite });
    const readModels = await createPgliteReadModels({ pglite });
    const wakeup = { name: "in-process LISTEN", signals: storage.wakeup, pollMs: 1_000 };
    rows.push(await measure("PGlite", storage, readModels, wakeup, rate, seconds));
  } finally {
    await pglite.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  return rows;
};

/** The table of rows. */
export const formatTable = (rows: ReadonlyArray<LiveLagRow>): string => {
  const header = [
    "store",
    "wakeup",
    "commands",
    "cmd/s",
    "events",
    "p50 ms",
    "p99 ms",
    "max ms",
    "behind",
    "failed",
  ];
  const lines = rows.map((r) => [
    r.store,
    r.wakeup,
    String(r.commands),
    r.rate.toFixed(0),
    String(r.events),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    r.max.toFixed(1),
    String(r.behind),
    String(r.failures),
  ]);
  return textTable(header, lines);
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const pgUrl = process.env.VPP_PG_URL;
  const rate = process.env.LIVE_LAG_RATE === undefined ? undefined : Number(process.env.LIVE_LAG_RATE);
  const seconds =
    process.env.LIVE_LAG_SECONDS === undefined ? undefined : Number(process.env.LIVE_LAG_SECONDS);
  const started = performance.now();
  const rows = await run({
    ...(pgUrl === undefined ? {} : { pgUrl }),
    ...(rate === undefined ? {} : { rate }),
    ...(seconds === undefined ? {} : { seconds }),
  });
  console.log("Durable read models following the log live: lag from append to applied, per event");
  console.log(formatTable(rows));
  console.log(
    `(${((performance.now() - started) / 1000).toFixed(0)} s${pgUrl === undefined ? "; set VPP_PG_URL to include a PostgreSQL server" : ""})`,
  );
}
