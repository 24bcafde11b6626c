/**
 * Hot pools (issue 10): one license pool that a whole organisation installs at once, on the PostgreSQL server,
 * through the documented install path (`requestInstall`, every user has accepted the VPP terms).
 *
 *   VPP_PG_URL=postgres://… npx tsx --conditions=source bench/hot-pool.ts
 *
 * For a pool of 2,000 and one of 20,000 users and licenses, side by side in one run: 1 sequential caller,
 * 16 concurrent callers in one process, and 4 child processes of 16 callers each, on the old path (every command
 * alone, retried at once, 3 attempts: the handler before issue 10) and the new one (group commit, the default);
 * with 16 callers on the 2,000 pool also `alone` (`groupCommit: false` with today's back-off and 10 attempts),
 * and for the processes also `lock` (group commit, the processes taking turns through `createPostgresStreamLock`). The
 * 20,000 pool is seeded with 18,000 holders (pre-encoded events and a snapshot), so both sizes measure the same
 * 2,000 installs; the larger pool's state and stream are ten times as big. Each case gets a fresh pool and a
 * fresh ledger, and stops after its installs or its time budget, whichever comes first (the old path with 16
 * callers would take minutes). Then a many-pools case: 200 pools of 60 licenses, 64 callers on random
 * (pool, user) pairs, old and new paths in the order old, new, new, old: batching must not slow the (mostly)
 * uncontended path. With emmett installed (a bench dependency), one more row: emmett's command handler with 16
 * callers on the 2,000 pool (see bench/README.md).
 *
 * Reported per case: assignments, seconds, assignments/s, appends per assignment (every append call, including
 * those refused), conflicts (appends refused for a stale expected version) and client retries (workflows a
 * caller sent again after a retryable failure).
 */
import { fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createPostgresEventStore, type PostgresStorage } from "@vpp-ledger/eventstore-postgres";
import { benchLedger, type CallerTally, type Path, runCallers } from "./_hot-pool-callers.js";
import { type HotPoolSeed, seedAccount, seedPool, shuffled } from "./_hot-pool-seed.js";
import type { WorkerReport, WorkerTask } from "./_hot-pool-worker.js";

/** One measured case. */
export interface HotPoolRow {
  readonly scenario: string;
  readonly callers: string;
  readonly path: Path | "emmett";
  readonly assigned: number;
  readonly seconds: number;
  readonly appends: number;
  readonly conflicts: number;
  readonly clientRetries: number;
}

/** Options of {@link run}; the defaults are the published configuration. */
export interface HotPoolOptions {
  readonly pgUrl: string;
  /** Pool sizes (users = licenses); 2,000 and 20,000. */
  readonly sizes?: ReadonlyArray<number>;
  /** Installs measured per case (the pool's last ones); 2,000. */
  readonly installs?: number;
  /** Time budget of one case on the new path, seconds; 10 (they finish well before). */
  readonly seconds?: number;
  /** Time budget of one case on the old paths and emmett's, seconds; 6 (their rates are steady by then). */
  readonly slowSeconds?: number;
  /** Time budget of one many-pools round, seconds; 6. */
  readonly manyPoolsSeconds?: number;
  /** False leaves out the emmett row. */
  readonly emmett?: boolean;
}

const PROCESSES = 4;
const CALLERS = 16;
const WORKER = fileURLToPath(new URL("./_hot-pool-worker.ts", import.meta.url));

type Work = ReadonlyArray<{ readonly adamId: string; readonly userId: string }>;

/** Runs `work` in child processes, each with its slice and its own connections; wall time from `go` to the last. */
const inProcesses = async (
  seed: HotPoolSeed,
  path: Path,
  work: Work,
  seconds: number,
  run: string,
  warmUps: ReadonlyArray<Work>,
) => {
  const children = Array.from({ length: PROCESSES }, () =>
    fork(WORKER, [], { stdio: ["ignore", "inherit", "inherit", "ipc"] }),
  );
  const message = (child: (typeof children)[number]) =>
    new Promise<unknown>((resolve, reject) => {
      child.once("message", resolve);
      child.once("exit", (code) => reject(new Error(`a bench worker exited with ${code}`)));
    });
  const ready = children.map(message);
  children.forEach((child, i) => {
    const task: WorkerTask = {
      pgUrl: seed.pgUrl,
      schema: seed.schema,
      path,
      work: work.filter((_, n) => n % PROCESSES === i),
      warmUp: warmUps[i] ?? [],
      callers: CALLERS,
      seconds,
      run,
    };
    child.send(task);
  });
  await Promise.all(ready);
  const done = children.map(message);
  const started = performance.now();
  for (const child of children) child.send({ go: true });
  const reports = (await Promise.all(done)) as WorkerReport[];
  const elapsed = (performance.now() - started) / 1000;
  const sum = (pick: (r: WorkerReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
  return {
    tally: {
      assigned: sum((r) => r.assigned),
      other: sum((r) => r.other),
      clientRetries: sum((r) => r.clientRetries),
    },
    appends: sum((r) => r.appends),
    conflicts: sum((r) => r.conflicts),
    elapsed,
  };
};

/** Runs `work` with `callers` callers in this process, on a fresh ledger warmed like a worker's. */
const inThisProcess = async (
  storage: PostgresStorage,
  path: Path,
  work: Work,
  callers: number,
  seconds: number,
  run: string,
) => {
  const { ledger, counts } = benchLedger(storage, path);
  await ledger.loadAccount("bench");
  for (const adamId of new Set(work.map((w) => w.adamId))) await ledger.loadLicense("bench", adamId);
  const started = performance.now();
  const tally: CallerTally = await runCallers(ledger, work, callers, started + seconds * 1000, run);
  return {
    tally,
    appends: counts.appends,
    conflicts: counts.conflicts,
    elapsed: (performance.now() - started) / 1000,
  };
};

const row = (
  scenario: string,
  callers: string,
  path: HotPoolRow["path"],
  m: { tally: CallerTally; appends: number; conflicts: number; elapsed: number },
): HotPoolRow => {
  if (m.tally.other > 0)
    throw new Error(`${scenario}, ${callers}, ${path}: ${m.tally.other} installs did not assign`);
  return {
    scenario,
    callers,
    path,
    assigned: m.tally.assigned,
    seconds: m.elapsed,
    appends: m.appends,
    conflicts: m.conflicts,
    clientRetries: m.tally.clientRetries,
  };
};

/** One set of callers, and the paths it runs on. */
interface Case {
  readonly label: string;
  readonly callers: number;
  readonly processes: boolean;
  readonly paths: ReadonlyArray<Path>;
}

/** The cases of one pool size, in the order they run: each caller set on every path, side by side. */
const casesOf = (first: boolean): ReadonlyArray<Case> => [
  { label: "1 sequential", callers: 1, processes: false, paths: ["old", "new"] },
  {
    label: "16 concurrent",
    callers: CALLERS,
    processes: false,
    paths: first ? ["old", "alone", "new"] : ["old", "new"],
  },
  {
    label: `${PROCESSES} processes × ${CALLERS}`,
    callers: CALLERS,
    processes: true,
    paths: first ? ["old", "alone", "new", "lock"] : ["old", "new", "lock"],
  },
];

/** Measures every case on a fresh schema of the server at `pgUrl`, dropped afterwards. */
export const run = async (options: HotPoolOptions): Promise<HotPoolRow[]> => {
  const sizes = options.sizes ?? [2_000, 20_000];
  const installs = options.installs ?? 2_000;
  const budget = (path: Path | "emmett") =>
    path === "new" || path === "lock" ? (options.seconds ?? 10) : (options.slowSeconds ?? 6);
  const schema = `bench_hot_${randomBytes(4).toString("hex")}`;
  const storage = await createPostgresEventStore({ connectionString: options.pgUrl, schema });
  const seed: HotPoolSeed = { pgUrl: options.pgUrl, schema, storage };
  const rows: HotPoolRow[] = [];
  let app = 100_000;
  const nextApp = () => String(++app);
  try {
    const users = await seedAccount(seed, Math.max(...sizes));
    await warmUp(seed, users, nextApp);
    for (const [index, size] of sizes.entries()) {
      const scenario = `1 pool, ${size.toLocaleString("en-US")} users`;
      for (const config of casesOf(index === 0)) {
        for (const path of config.paths) {
          const adamId = String(++app);
          await seedPool(seed, adamId, size, users.slice(0, size - installs));
          const work = shuffled(users.slice(size - installs, size), app).map((userId) => ({
            adamId,
            userId,
          }));
          const runId = `${schema}-${adamId}`;
          const seconds = budget(path);
          const m = config.processes
            ? await inProcesses(seed, path, work, seconds, runId, await warmUpPools(seed, users, nextApp))
            : await inThisProcess(storage, path, work, config.callers, seconds, runId);
          rows.push(row(scenario, config.label, path, m));
          progress(rows.at(-1)!);
        }
        if (index === 0 && config.label === "16 concurrent" && options.emmett !== false) {
          const emmett = await emmettRow(options.pgUrl, scenario, installs, budget("emmett"));
          if (emmett) rows.push(emmett);
        }
      }
    }
    rows.push(...(await manyPools(seed, users, options.manyPoolsSeconds ?? 6, nextApp)));
  } finally {
    await storage.close();
    const { default: pg } = await import("pg");
    const admin = new pg.Client({ connectionString: options.pgUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin.end();
  }
  return rows;
};

/** Installs that warm up a process's code on a pool of its own, with 16 callers. */
const WARM_UP_INSTALLS = 120;

/** One warm-up pool per child process of a case (child processes start cold; a host process runs for days). */
const warmUpPools = async (seed: HotPoolSeed, users: ReadonlyArray<string>, nextApp: () => string) => {
  const pools: Work[] = [];
  for (let i = 0; i < PROCESSES; i++) {
    const adamId = nextApp();
    await seedPool(seed, adamId, WARM_UP_INSTALLS, []);
    pools.push(users.slice(0, WARM_UP_INSTALLS).map((userId) => ({ adamId, userId })));
  }
  return pools;
};

/** Warms this process's code on every path before the first measured case, so no case pays for the JIT. */
const warmUp = async (seed: HotPoolSeed, users: ReadonlyArray<string>, nextApp: () => string) => {
  for (const [path, callers] of [
    ["old", 1],
    ["new", CALLERS],
  ] as const) {
    const [pool] = await warmUpPools(seed, users, nextApp);
    const { ledger } = benchLedger(seed.storage, path);
    await runCallers(ledger, pool!, callers, Number.POSITIVE_INFINITY, `${seed.schema}-warm-up-${path}`);
  }
};

const progress = (r: HotPoolRow) =>
  console.error(`  ${r.scenario}, ${r.callers}, ${r.path}: ${r.assigned} in ${r.seconds.toFixed(1)} s`);

/** emmett's row, or undefined (with the reason on stderr) when emmett is not installed. */
const emmettRow = async (pgUrl: string, scenario: string, users: number, seconds: number) => {
  let runEmmett: typeof import("./_hot-pool-emmett.js").runEmmett;
  try {
    ({ runEmmett } = await import("./_hot-pool-emmett.js"));
  } catch (error) {
    console.error(
      `  emmett: skipped, not loadable (${error instanceof Error ? error.message : String(error)})`,
    );
    return undefined;
  }
  const m = await runEmmett(pgUrl, users, CALLERS, seconds);
  const result = row(scenario, "16 concurrent", "emmett", {
    tally: { assigned: m.assigned, other: 0, clientRetries: m.clientRetries },
    appends: m.appends,
    conflicts: m.conflicts,
    elapsed: m.elapsed,
  });
  progress(result);
  return result;
};

/** 200 pools of 60 licenses, 64 callers on random (pool, user) pairs; rounds old, new, new, old. */
const manyPools = async (
  seed: HotPoolSeed,
  users: ReadonlyArray<string>,
  seconds: number,
  nextApp: () => string,
) => {
  const rows: HotPoolRow[] = [];
  for (const path of ["old", "new", "new", "old"] as const) {
    const apps = Array.from({ length: 200 }, nextApp);
    for (const adamId of apps) await seedPool(seed, adamId, 60, []);
    const pairs = apps.flatMap((adamId) => users.slice(0, 60).map((userId) => ({ adamId, userId })));
    const work = shuffled(pairs, Number(apps[0]));
    const m = await inThisProcess(seed.storage, path, work, 64, seconds, `${seed.schema}-many-${apps[0]}`);
    rows.push(row("200 pools × 60", "64 concurrent", path, m));
    progress(rows.at(-1)!);
  }
  return rows;
};

/** The table as text; `vs 1 caller` divides a row's rate by the sequential caller's on the same pool and path. */
export const formatTable = (rows: ReadonlyArray<HotPoolRow>): string => {
  const rate = (r: HotPoolRow) => r.assigned / r.seconds;
  const single = (r: HotPoolRow) =>
    rows.find(
      (s) =>
        s.scenario === r.scenario &&
        s.path === (r.path === "new" || r.path === "lock" ? "new" : "old") &&
        s.callers === "1 sequential",
    );
  const header = [
    "scenario",
    "callers",
    "path",
    "assigned",
    "s",
    "assign/s",
    "vs 1 caller",
    "appends/assign",
    "conflicts",
    "client retries",
  ];
  const lines = rows.map((r) => {
    const base = single(r);
    return [
      r.scenario,
      r.callers,
      r.path,
      String(r.assigned),
      r.seconds.toFixed(1),
      rate(r).toFixed(0),
      base === undefined ? "" : `${(rate(r) / rate(base)).toFixed(2)}×`,
      (r.appends / Math.max(1, r.assigned)).toFixed(2),
      String(r.conflicts),
      String(r.clientRetries),
    ];
  });
  const widths = header.map((title, c) => Math.max(title.length, ...lines.map((line) => line[c]!.length)));
  const format = (cells: ReadonlyArray<string>) =>
    cells.map((cell, c) => (c < 3 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(" | ");
  return [format(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...lines.map(format)].join("\n");
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const pgUrl = process.env.VPP_PG_URL;
  if (pgUrl === undefined) {
    console.log(
      "hot-pool: skipped; set VPP_PG_URL to a PostgreSQL server (the bench needs real concurrent connections)",
    );
  } else {
    const started = performance.now();
    const rows = await run({ pgUrl });
    console.log("Hot pool: installs through requestInstall on a PostgreSQL server; old = groupCommit: false");
    console.log(formatTable(rows));
    console.log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
}
