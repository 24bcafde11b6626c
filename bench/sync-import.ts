/**
 * What importing devices' licenses costs a sync (issue 11, item 5): a host migrating from another MDM registers
 * N devices (`RegisterDevice`) whose licenses Apple already holds for a device-licensed app; its first sync
 * imports them all (`ImportDeviceLicense` → `DeviceLicenseImported`, no Apple call). Against it, in the same
 * run, the baseline: the same full sync once the N devices are in the ledger (the second sync: nothing to
 * import, the same N assignments read and matched).
 *
 *   npx tsx --conditions=source bench/sync-import.ts     (VPP_PG_URL=… adds a PostgreSQL server; SYNC_IMPORT_SIZES=1000,5000)
 *
 * Per store: one Apple simulator in this process (default page size 200, rate limit out of the way), one
 * ledger with the default state cache and snapshots every 100 events, a warm-up world of 200 devices (not
 * reported), then one tenant (and location) per size. Rows: the in-memory store (the ledger's own CPU, for
 * reference), PGlite in a temporary data directory, and the server when `VPP_PG_URL` is set. `per import` is
 * (import sync − baseline sync) / N; `imports/s` its inverse.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { startAppleSimulator } from "@vpp-ledger/apple-simulator";
import {
  createVppLedger,
  type EventStore,
  InMemoryEventStore,
  InMemorySnapshotStore,
  type SnapshotStore,
} from "@vpp-ledger/core";
import { createPgliteEventStore, createPostgresEventStore } from "@vpp-ledger/eventstore-postgres";
import pg from "pg";
import { buildImportWorld } from "./_sync-import-world.js";
import { textTable } from "./_table.js";

/** One store and size's figures. */
export interface SyncImportRow {
  readonly store: string;
  readonly devices: number;
  /** Wall time of registering the N devices, one `RegisterDevice` after another. */
  readonly registerMs: number;
  /** Wall time of the first sync (N imports) and of the second (nothing to import). */
  readonly importSyncMs: number;
  readonly baselineSyncMs: number;
  /** Events the first sync appended (SyncStarted and the final event excluded). */
  readonly importChanges: number;
}

/** The sizes measured unless told otherwise. */
export const SIZES: ReadonlyArray<number> = [1_000, 5_000];
const WARM_UP = 200;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const timed = async <A>(work: () => Promise<A>): Promise<{ result: A; ms: number }> => {
  gc();
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
};

const benchStore = async (
  store: string,
  deps: { readonly store: EventStore; readonly snapshots: SnapshotStore },
  sizes: ReadonlyArray<number>,
): Promise<SyncImportRow[]> => {
  const sim = await startAppleSimulator({ maxRequestPerSecond: 1_000_000 });
  const ledger = createVppLedger({ store: deps.store, snapshots: deps.snapshots });
  const rows: SyncImportRow[] = [];
  try {
    for (const devices of [WARM_UP, ...sizes]) {
      const tenantId = `import-${devices}`;
      const world = await buildImportWorld(sim, ledger, tenantId, devices);
      const first = await timed(() => world.sync(`${tenantId}-sync-1`));
      const second = await timed(() => world.sync(`${tenantId}-sync-2`));
      const imported = [first, second].map(({ result }) => result.report.importedDevices);
      const modes = [first, second].map(({ result }) => result.reads.mode);
      const matched = second.result.report.assignments;
      if (
        imported[0] !== devices ||
        imported[1] !== 0 ||
        matched !== devices ||
        modes.join() !== "full,full"
      ) {
        throw new Error(`${store}, ${devices}: imported ${imported}, matched ${matched}, reads ${modes}`);
      }
      if (devices === WARM_UP) continue;
      rows.push({
        store,
        devices,
        registerMs: world.registerMs,
        importSyncMs: first.ms,
        baselineSyncMs: second.ms,
        importChanges: first.result.report.changes,
      });
      console.error(`${store}: ${devices} devices done`);
    }
  } finally {
    await sim.close();
  }
  return rows;
};

/** Runs the in-memory store, PGlite and, given `pgUrl`, the server, at each of `sizes` devices. */
export const run = async (
  options: { readonly pgUrl?: string; readonly sizes?: ReadonlyArray<number> } = {},
): Promise<SyncImportRow[]> => {
  const sizes = options.sizes ?? SIZES;
  const memory = { store: new InMemoryEventStore(), snapshots: new InMemorySnapshotStore() };
  const rows = await benchStore("in-memory", memory, sizes);
  const dataDir = await mkdtemp(join(tmpdir(), "vpp-bench-sync-import-"));
  const pglite = await createPgliteEventStore({ dataDir });
  try {
    rows.push(...(await benchStore("PGlite", pglite, sizes)));
  } finally {
    await pglite.close();
    await rm(dataDir, { recursive: true, force: true });
  }
  if (options.pgUrl !== undefined) {
    const schema = `bench_sync_import_${randomBytes(4).toString("hex")}`;
    const pool = new pg.Pool({ connectionString: options.pgUrl, max: 4 });
    const server = await createPostgresEventStore({ pool, schema });
    try {
      rows.push(...(await benchStore("PostgreSQL server", server, sizes)));
    } finally {
      await server.close();
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    }
  }
  return rows;
};

/** The table as text: one line per store and size. */
export const formatTable = (rows: ReadonlyArray<SyncImportRow>): string => {
  const header = [
    "store",
    "devices",
    "register s",
    "import sync s",
    "baseline sync s",
    "events",
    "imports/s",
    "per import ms",
  ];
  return textTable(
    header,
    rows.map((r) => {
      const perImport = (r.importSyncMs - r.baselineSyncMs) / r.devices;
      return [
        r.store,
        r.devices.toLocaleString("en-US"),
        (r.registerMs / 1000).toFixed(2),
        (r.importSyncMs / 1000).toFixed(2),
        (r.baselineSyncMs / 1000).toFixed(2),
        String(r.importChanges),
        (1000 / perImport).toFixed(0),
        perImport.toFixed(3),
      ];
    }),
    1,
  );
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const pgUrl = process.env.VPP_PG_URL;
  const sizes = process.env.SYNC_IMPORT_SIZES?.split(",").map(Number);
  const started = performance.now();
  const rows = await run({ ...(pgUrl === undefined ? {} : { pgUrl }), ...(sizes ? { sizes } : {}) });
  console.log(
    "First sync importing N registered devices' licenses against a second sync with nothing to import",
  );
  console.log(formatTable(rows));
  console.log(
    `(${((performance.now() - started) / 1000).toFixed(0)} s${pgUrl === undefined ? "; set VPP_PG_URL to include a PostgreSQL server" : ""})`,
  );
}
