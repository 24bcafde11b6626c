/**
 * One host process of failover.test.ts: it runs the processor "failover" under a lease, applying each event
 * into `applied` in the batch's transaction (exactly-once, fenced), slowly, so that a SIGKILL lands mid-batch.
 * It reports on stdout, one JSON object per line; SIGTERM stops it gracefully.
 */
import { LeasedProcessor } from "@vpp-ledger/core";
import { createPostgresEventStore, transactionalSink } from "../../src/index.js";

/** What the parent passes as the one command-line argument (JSON). */
export interface FailoverChildTask {
  readonly url: string;
  readonly schema: string;
  readonly owner: string;
  readonly ttlMs: number;
  readonly batchDelayMs: number;
}

/** One line of the child's report. */
export type FailoverReport =
  | {
      readonly kind: "acquired" | "ended";
      readonly owner: string;
      readonly epoch: string;
      readonly at: number;
    }
  | {
      readonly kind: "applying" | "committed";
      readonly owner: string;
      readonly position: string;
      readonly at: number;
    };

const task = JSON.parse(process.argv[2] ?? "{}") as FailoverChildTask;
const report = (line: FailoverReport) => process.stdout.write(`${JSON.stringify(line)}\n`);
const storage = await createPostgresEventStore({
  connectionString: task.url,
  schema: task.schema,
  migrate: false,
});
const inner = transactionalSink(storage, {
  name: "failover",
  apply: async (tx, batch) => {
    report({ kind: "applying", owner: task.owner, position: batch.position.toString(), at: Date.now() });
    for (const event of batch.events) {
      await tx.query(
        `INSERT INTO "${task.schema}".applied (event_id, owner, epoch) VALUES ($1::uuid, $2, $3::bigint)`,
        [event.place.eventId, task.owner, batch.lease?.epoch.toString() ?? "0"],
      );
    }
    // The transaction stays open a while with its rows written: a kill now must leave none of them.
    await new Promise((resolve) => setTimeout(resolve, task.batchDelayMs));
  },
});
const processor = new LeasedProcessor(
  {
    name: "failover",
    store: storage.store,
    parked: storage.parked,
    batchSize: 25,
    sink: {
      position: () => inner.position(),
      commit: async (batch) => {
        await inner.commit(batch);
        report({ kind: "committed", owner: task.owner, position: batch.position.toString(), at: Date.now() });
      },
    },
  },
  {
    leases: storage.leases,
    owner: task.owner,
    ttlMs: task.ttlMs,
    wakeup: storage.wakeup,
    pollIntervalMs: 250,
    onLeaseChange: (change) =>
      report({
        kind: change.kind === "acquired" ? "acquired" : "ended",
        owner: task.owner,
        epoch: change.lease.epoch.toString(),
        at: Date.now(),
      }),
    onError: (error) => process.stderr.write(`${task.owner}: ${String(error)}\n`),
  },
);
processor.start();
process.once("SIGTERM", () => {
  void processor
    .stop()
    .then(() => storage.close())
    .then(() => process.exit(0));
});
