/**
 * One host process of bench/hot-pool.ts's multi-process case, started by it with an IPC channel: it opens its
 * own connections, warms up (its state cache, and its code on installs into a pool of its own, as a long-running
 * host process would be), says `ready`, waits for `go`, runs its callers, reports and exits.
 */
import { createPostgresEventStore, createPostgresStreamLock } from "@vpp-ledger/eventstore-postgres";
import { benchLedger, type CallerTally, type Path, runCallers, TENANT } from "./_hot-pool-callers.js";

/** What the parent sends first. */
export interface WorkerTask {
  readonly pgUrl: string;
  readonly schema: string;
  readonly path: Path;
  readonly work: ReadonlyArray<{ readonly adamId: string; readonly userId: string }>;
  /** Installs into this worker's own warm-up pool, run before `ready` and not counted. */
  readonly warmUp: ReadonlyArray<{ readonly adamId: string; readonly userId: string }>;
  readonly callers: number;
  readonly seconds: number;
  readonly run: string;
}

/** What the worker reports when its callers are done. */
export interface WorkerReport extends CallerTally {
  readonly appends: number;
  readonly conflicts: number;
}

const send = (message: unknown) =>
  new Promise<void>((resolve, reject) =>
    process.send!(message, (error: Error | null) => (error ? reject(error) : resolve())),
  );

const task = await new Promise<WorkerTask>((resolve) =>
  process.once("message", (m) => resolve(m as WorkerTask)),
);
const storage = await createPostgresEventStore({
  connectionString: task.pgUrl,
  schema: task.schema,
  migrate: false,
});
const lock =
  task.path === "lock"
    ? createPostgresStreamLock({ connectionString: task.pgUrl, schema: task.schema })
    : undefined;
try {
  const { ledger, counts } = benchLedger(storage, task.path, lock);
  await runCallers(ledger, task.warmUp, task.callers, Number.POSITIVE_INFINITY, `${task.run}-warm-up`);
  await ledger.loadAccount(TENANT);
  for (const adamId of new Set(task.work.map((w) => w.adamId))) await ledger.loadLicense(TENANT, adamId);
  counts.appends = 0;
  counts.conflicts = 0;
  const go = new Promise<void>((resolve) => process.once("message", () => resolve()));
  await send({ ready: true });
  await go;
  const tally = await runCallers(
    ledger,
    task.work,
    task.callers,
    performance.now() + task.seconds * 1000,
    task.run,
  );
  const report: WorkerReport = { ...tally, appends: counts.appends, conflicts: counts.conflicts };
  await send(report);
} finally {
  await lock?.close();
  await storage.close();
}
process.exit(0);
