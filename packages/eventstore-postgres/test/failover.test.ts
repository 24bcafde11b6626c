import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { licenseStreamId } from "@vpp-ledger/core";
import { poolEvent } from "@vpp-ledger/core/testing";
import { describe, expect, it } from "vitest";
import { createPostgresEventStore } from "../src/index.js";
import type { FailoverChildTask, FailoverReport } from "./support/failover-child.js";
import { randomSchema } from "./support/random-schema.js";
import { dropSchema, PG_URL, testPool } from "./support/server.js";

const CHILD = fileURLToPath(new URL("./support/failover-child.ts", import.meta.url));
const TTL_MS = 3_000;

/** A child host process and everything it reported so far. */
const startChild = (task: FailoverChildTask) => {
  const child: ChildProcess = spawn(
    process.execPath,
    ["--import", "tsx", "--conditions=source", CHILD, JSON.stringify(task)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const reports: FailoverReport[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) =>
    reports.push(JSON.parse(line) as FailoverReport),
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    child,
    reports,
    exited,
    last: (kind: FailoverReport["kind"]) => reports.filter((r) => r.kind === kind).at(-1),
  };
};

const eventually = async (condition: () => boolean | Promise<boolean>, ms: number): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

describe.runIf(PG_URL !== undefined)("lease failover between host processes (PostgreSQL server)", () => {
  it("SIGKILL of the owner mid-batch: the standby takes over within the TTL, nothing is lost or applied twice", {
    timeout: 180_000,
  }, async () => {
    const pool = testPool(4);
    const schema = randomSchema("failover");
    const storage = await createPostgresEventStore({ pool, schema });
    await pool.query(
      `CREATE TABLE "${schema}".applied (event_id uuid NOT NULL, owner text NOT NULL, epoch bigint NOT NULL)`,
    );
    const tenants = ["fo-a", "fo-b", "fo-c", "fo-d"];
    let written = 0;
    const writeBatch = async (n: number) => {
      const tenant = tenants[n % tenants.length]!;
      const from = Math.floor(n / tenants.length) * 10 + 1;
      await storage.store.appendToStream(
        licenseStreamId(tenant, "1001"),
        Array.from({ length: 10 }, (_, i) => poolEvent(tenant, from + i)),
      );
      written += 10;
    };
    for (let n = 0; n < 40; n++) await writeBatch(n);
    const task = (owner: string): FailoverChildTask => ({
      url: PG_URL!,
      schema,
      owner,
      ttlMs: TTL_MS,
      batchDelayMs: 150,
    });
    const a = startChild(task("host-a"));
    const b = startChild(task("host-b"));
    try {
      await eventually(() => a.last("acquired") !== undefined || b.last("acquired") !== undefined, 60_000);
      const [owner, standby] = a.last("acquired") !== undefined ? [a, b] : [b, a];
      // A steady stream of appends (10 events every 100 ms) while the processes fail over.
      let writing = true;
      const writer = (async () => {
        for (let n = 40; writing; n++) {
          await writeBatch(n);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      await eventually(() => owner.reports.filter((r) => r.kind === "committed").length >= 4, 60_000);
      // Kill it while a batch's transaction is open, its rows written but not committed.
      await eventually(() => owner.reports.at(-1)?.kind === "applying", 10_000);
      owner.child.kill("SIGKILL");
      const killedAt = Date.now();
      await owner.exited;
      await eventually(() => standby.last("acquired") !== undefined, TTL_MS * 3);
      const failoverMs = standby.last("acquired")!.at - killedAt;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      writing = false;
      await writer;
      const head = await storage.store.headPosition();
      await eventually(() => {
        const last = standby.last("committed");
        return last?.kind === "committed" && last.position === head.toString();
      }, 60_000);
      standby.child.kill("SIGTERM");
      await standby.exited;

      const { rows } = await pool.query<{ total: number; distinct: number }>(
        `SELECT count(*)::int AS total, count(DISTINCT event_id)::int AS distinct FROM "${schema}".applied`,
      );
      const epochs = await pool.query<{ owner: string; epoch: string }>(
        `SELECT DISTINCT owner, epoch::text AS epoch FROM "${schema}".applied ORDER BY epoch`,
      );
      console.log(
        `failover: ${written} events, owner killed mid-batch, standby took over after ${failoverMs} ms (TTL ${TTL_MS} ms)`,
      );
      expect(rows[0]).toEqual({ total: written, distinct: written });
      expect(epochs.rows.map((row) => row.owner)).toEqual([
        owner === a ? "host-a" : "host-b",
        owner === a ? "host-b" : "host-a",
      ]);
      // Not before the dead owner's lease could have run out (its last renewal was at most a third of the TTL
      // before the kill), and within the TTL plus one standby retry period.
      expect(failoverMs).toBeGreaterThanOrEqual(TTL_MS - TTL_MS / 3 - 100);
      expect(failoverMs).toBeLessThanOrEqual(TTL_MS + TTL_MS / 3 + 500);
    } finally {
      a.child.kill("SIGKILL");
      b.child.kill("SIGKILL");
      await storage.close();
      await dropSchema(pool, schema);
      await pool.end();
    }
  });
});
