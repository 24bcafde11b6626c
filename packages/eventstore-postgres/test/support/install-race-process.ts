/**
 * One OS process of the multi-process install race (see install-race-processes.ts), started with an IPC
 * channel: it opens its own connections to the schema, builds its ledger (group commit on, as by default),
 * runs its callers over its users, reports what they were told and exits.
 */
import { AggregateStateCache, createVppLedger } from "@vpp-ledger/core";
import { createPostgresEventStore, createPostgresStreamLock } from "../../src/index.js";
import { ConflictCountingStore } from "./conflict-counting-store.js";
import { raceInstalls } from "./install-race.js";

/** What the parent sends. */
export interface RaceProcessTask {
  readonly pgUrl: string;
  readonly schema: string;
  readonly users: ReadonlyArray<string>;
  readonly callers: number;
  readonly round: string;
  readonly seed: number;
  readonly maxDelayMs: number;
  readonly snapshotEvery: number;
  readonly cachedStreams: number;
  /** Take turns on the contended pool with the other processes (createPostgresStreamLock). */
  readonly streamLock?: boolean;
}

/** What the process reports. */
export interface RaceProcessReport {
  readonly outcomes: ReadonlyArray<[string, unknown]>;
  readonly clientRetries: number;
  readonly conflicts: number;
}

const task = await new Promise<RaceProcessTask>((resolve) =>
  process.once("message", (message) => resolve(message as RaceProcessTask)),
);
const storage = await createPostgresEventStore({
  connectionString: task.pgUrl,
  schema: task.schema,
  migrate: false,
  maxConnections: 4,
});
const streamLock = task.streamLock
  ? createPostgresStreamLock({ connectionString: task.pgUrl, schema: task.schema })
  : undefined;
try {
  const store = new ConflictCountingStore(storage.store);
  const ledger = createVppLedger({
    store,
    snapshots: storage.snapshots,
    snapshotEvery: task.snapshotEvery,
    stateCache: new AggregateStateCache(task.cachedStreams),
    ...(streamLock ? { groupCommit: { streamLock } } : {}),
  });
  // The same ledger for every caller: this process's callers share its group commit.
  const result = await raceInstalls(Array(task.callers).fill(ledger), task.users, task);
  const report: RaceProcessReport = {
    outcomes: [...result.outcomes],
    clientRetries: result.clientRetries,
    conflicts: store.conflicts,
  };
  await new Promise<void>((resolve, reject) =>
    process.send!(report, (error: Error | null) => (error ? reject(error) : resolve())),
  );
} finally {
  await streamLock?.close();
  await storage.close();
}
process.exit(0);
