/**
 * Durable read models (issue 8, items 2 and 5): how fast all five catch up from a 1,000,000-event log, against a
 * raw `readAll` scan of the same log in the same run, and what a console query costs with a short and a long
 * history behind the same rows.
 *
 *   npx tsx --conditions=source bench/read-models.ts     (VPP_PG_URL=… adds a PostgreSQL server; READ_MODELS_EVENTS=…)
 *
 * Per store: the queried tenant (5,000 apps, 100,000 installs; bench/_read-models-log.ts) is appended, a first
 * set of read models catches up and is queried ("short": 139,001 events, the fewest that make these rows: a
 * 1k-event history cannot hold 5,000 apps); 200 other tenants' churn then fills the log to 1,000,000 events. The
 * log is scanned, a fresh set of read models catches up from position 0 through a LogProcessor (batches of
 * 5,000) and is queried ("long"), and the log is scanned again. `ratio` = catch-up events/s over the mean scan.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { type EventStore, InMemoryParkedStreamStore, LogProcessor } from "@vpp-ledger/core";
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
import pg from "pg";
import { BIG, seedBigTenant, seedOtherTenants } from "./_read-models-log.js";
import { textTable } from "./_table.js";

/** One store's figures. */
export interface ReadModelsRow {
  readonly store: string;
  readonly events: number;
  readonly scanPerSecond: number;
  readonly catchUpPerSecond: number;
  readonly catchUpSeconds: number;
  /** Query p50 in ms, short history then long. */
  readonly queries: ReadonlyArray<{ readonly name: string; readonly short: number; readonly long: number }>;
}

const p50 = async (runs: number, work: () => Promise<unknown>): Promise<number> => {
  await work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? Number.NaN;
};

/** The console queries, p50 in ms: the whole app list (five pages of 1,000) and install pages filtered by state. */
const measureQueries = async (readModels: PostgresReadModels) => {
  const q = readModels.queries;
  const allApps = async () => {
    let after: string | undefined;
    let count = 0;
    do {
      const page = await q.purchasedApps(BIG.tenant, { limit: 1_000, ...(after ? { after } : {}) });
      count += page.items.length;
      after = page.next ?? undefined;
    } while (after);
    if (count !== BIG.apps) throw new Error(`expected ${BIG.apps} apps, read ${count}`);
  };
  let deep: string | undefined;
  for (let i = 0; i < 200; i++)
    deep =
      (await q.installs(BIG.tenant, { state: "installed", limit: 100, ...(deep ? { after: deep } : {}) }))
        .next ?? undefined;
  return {
    "purchased apps, 5,000 (5 pages)": await p50(15, allApps),
    "installs state=installed, page 1 of 100": await p50(50, () =>
      q.installs(BIG.tenant, { state: "installed", limit: 100 }),
    ),
    "installs state=installed, page 201 of 100": await p50(50, () =>
      q.installs(BIG.tenant, { state: "installed", limit: 100, ...(deep ? { after: deep } : {}) }),
    ),
    "holders of an app at T": await p50(50, () => q.holdersAt(BIG.tenant, "100042", "2026-06-01T00:00:00Z")),
  };
};

const scan = async (store: EventStore): Promise<number> => {
  const started = performance.now();
  let events = 0;
  for await (const _ of store.readAll({ batchSize: 1_000 })) events += 1;
  return events / ((performance.now() - started) / 1000);
};

const catchUp = async (storage: PostgresStorage, readModels: PostgresReadModels) => {
  const parked = new InMemoryParkedStreamStore();
  const processor = new LogProcessor(
    readModels.feed({ name: "bench", store: storage.store, parked, batchSize: 5_000 }),
  );
  const started = performance.now();
  const result = await processor.pass();
  return { events: result.events, seconds: (performance.now() - started) / 1000 };
};

const benchStore = async (
  name: string,
  storage: PostgresStorage,
  openReadModels: (schema: string) => Promise<PostgresReadModels>,
  total: number,
): Promise<ReadModelsRow> => {
  const seeded = await seedBigTenant(storage.store);
  const short = await openReadModels("rm_bench_short");
  await catchUp(storage, short);
  const shortQueries = await measureQueries(short);
  await seedOtherTenants(storage.store, total - seeded);
  const scan1 = await scan(storage.store);
  const long = await openReadModels("rm_bench_long");
  const caught = await catchUp(storage, long);
  const scan2 = await scan(storage.store);
  const longQueries = await measureQueries(long);
  const scanPerSecond = (scan1 + scan2) / 2;
  return {
    store: name,
    events: Number(await storage.store.headPosition()),
    scanPerSecond,
    catchUpPerSecond: caught.events / caught.seconds,
    catchUpSeconds: caught.seconds,
    queries: Object.entries(shortQueries).map(([query, ms]) => ({
      name: query,
      short: ms,
      long: longQueries[query as keyof typeof longQueries],
    })),
  };
};

/** Runs PGlite (in a temporary data directory) and, given `pgUrl`, the server; `total` events per log. */
export const run = async (
  options: { readonly pgUrl?: string; readonly total?: number } = {},
): Promise<ReadModelsRow[]> => {
  const total = options.total ?? 1_000_000;
  const rows: ReadModelsRow[] = [];
  if (options.pgUrl !== undefined) {
    const suffix = randomBytes(4).toString("hex");
    const schemas = [`bench_rm_log_${suffix}`, "rm_bench_short", "rm_bench_long"].map((s) =>
      s.startsWith("rm_") ? `${s}_${suffix}` : s,
    );
    const pool = new pg.Pool({ connectionString: options.pgUrl, max: 6 });
    const storage = await createPostgresEventStore({ pool, schema: schemas[0] });
    try {
      rows.push(
        await benchStore(
          "PostgreSQL server",
          storage,
          (schema) => createPostgresReadModels({ pool, schema: `${schema}_${suffix}` }),
          total,
        ),
      );
    } finally {
      await storage.close();
      for (const schema of schemas) await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  }
  const dataDir = await mkdtemp(join(tmpdir(), "vpp-bench-read-models-"));
  const pglite = await PGlite.create({ dataDir });
  try {
    const storage = await createPgliteEventStore({ pglite });
    rows.push(
      await benchStore("PGlite", storage, (schema) => createPgliteReadModels({ pglite, schema }), total),
    );
  } finally {
    await pglite.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  return rows;
};

/** The catch-up table, then the query table. */
export const formatTables = (rows: ReadonlyArray<ReadModelsRow>): string =>
  [
    textTable(
      ["store", "log events", "scan events/s", "catch-up events/s", "ratio", "catch-up s"],
      rows.map((r) => [
        r.store,
        String(r.events),
        r.scanPerSecond.toFixed(0),
        r.catchUpPerSecond.toFixed(0),
        (r.catchUpPerSecond / r.scanPerSecond).toFixed(2),
        r.catchUpSeconds.toFixed(1),
      ]),
    ),
    "",
    textTable(
      ["store", "query", "short ms", "1M ms", "ratio"],
      rows.flatMap((r) =>
        r.queries.map((q) => [
          r.store,
          q.name,
          q.short.toFixed(2),
          q.long.toFixed(2),
          (q.long / q.short).toFixed(2),
        ]),
      ),
    ),
  ].join("\n");

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const pgUrl = process.env.VPP_PG_URL;
  const total =
    process.env.READ_MODELS_EVENTS === undefined ? undefined : Number(process.env.READ_MODELS_EVENTS);
  const started = performance.now();
  const rows = await run({
    ...(pgUrl === undefined ? {} : { pgUrl }),
    ...(total === undefined ? {} : { total }),
  });
  console.log(
    "Durable read models: catch-up from position 0 against a raw readAll scan, and console queries (p50)",
  );
  console.log(formatTables(rows));
  console.log(
    `(${((performance.now() - started) / 1000).toFixed(0)} s${pgUrl === undefined ? "; set VPP_PG_URL to include a PostgreSQL server" : ""})`,
  );
}
