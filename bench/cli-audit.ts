/**
 * `vpp-ledger audit` over a 1,000,000-event log on a PostgreSQL server (issue 12): the real binary in a child
 * process, its own events/s figure, as a ratio to a raw `readAll` scan of the same log in the same run. The log is
 * bench/read-models.ts's (5,000 pools of one tenant, 200 other tenants' churn). The progress bar shows when this
 * runs on a terminal (the child's stderr is this process's). Needs VPP_PG_URL; CLI_AUDIT_EVENTS sets the size.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { EventStore } from "@vpp-ledger/core";
import { createPostgresEventStore } from "@vpp-ledger/eventstore-postgres";
import pg from "pg";
import { seedBigTenant, seedOtherTenants } from "./_read-models-log.js";

/** One run's figures. */
export interface CliAuditRow {
  readonly events: number;
  readonly scanPerSecond: number;
  readonly auditPerSecond: number;
  readonly auditSeconds: number;
  /** The child process from spawn to exit: Node and tsx start-up, opening the store, the audit. */
  readonly wallSeconds: number;
  readonly clean: boolean;
}

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BIN = fileURLToPath(new URL("../packages/cli/bin/vpp-ledger.js", import.meta.url));

const scan = async (store: EventStore): Promise<number> => {
  const started = performance.now();
  let events = 0;
  for await (const _ of store.readAll({ batchSize: 2_000 })) events += 1;
  return events / ((performance.now() - started) / 1000);
};

const audit = (
  url: string,
  schema: string,
): Promise<{ readonly json: string; readonly wallSeconds: number }> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [
        "--conditions=source",
        "--import",
        "tsx",
        BIN,
        "audit",
        "--store",
        url,
        "--schema",
        schema,
        "--format",
        "json",
      ],
      { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
    );
    let json = "";
    child.stdout.on("data", (chunk: Buffer) => {
      json += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 || code === 1
        ? resolve({ json, wallSeconds: (performance.now() - started) / 1000 })
        : reject(new Error(`vpp-ledger audit exited ${code}`)),
    );
  });

/** Seeds the log in a schema of its own, scans it, audits it with the CLI, and drops the schema. */
export const run = async (pgUrl: string, total = 1_000_000): Promise<CliAuditRow> => {
  const schema = `bench_cli_${randomBytes(4).toString("hex")}`;
  const pool = new pg.Pool({ connectionString: pgUrl, max: 6 });
  const storage = await createPostgresEventStore({ pool, schema });
  try {
    const seeded = await seedBigTenant(storage.store);
    await seedOtherTenants(storage.store, total - seeded);
    const scanPerSecond = ((await scan(storage.store)) + (await scan(storage.store))) / 2;
    const { json, wallSeconds } = await audit(pgUrl, schema);
    const report = JSON.parse(json) as {
      eventsRead: number;
      eventsPerSecond: number;
      elapsedMs: number;
      clean: boolean;
    };
    return {
      events: report.eventsRead,
      scanPerSecond,
      auditPerSecond: report.eventsPerSecond,
      auditSeconds: report.elapsedMs / 1000,
      wallSeconds,
      clean: report.clean,
    };
  } finally {
    await storage.close();
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  }
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const pgUrl = process.env.VPP_PG_URL;
  if (pgUrl === undefined) {
    console.log("cli-audit skipped: it measures the CLI on a PostgreSQL server; set VPP_PG_URL");
    process.exit(0);
  }
  const total = process.env.CLI_AUDIT_EVENTS === undefined ? undefined : Number(process.env.CLI_AUDIT_EVENTS);
  const row = await run(pgUrl, total);
  console.log(
    "vpp-ledger audit (child process) against a raw readAll scan of the same log, PostgreSQL server",
  );
  console.log("events    | readAll events/s | audit events/s | ratio | audit s | process s | clean");
  console.log(
    [
      String(row.events).padEnd(9),
      row.scanPerSecond.toFixed(0).padStart(16),
      row.auditPerSecond.toFixed(0).padStart(14),
      (row.auditPerSecond / row.scanPerSecond).toFixed(2).padStart(5),
      row.auditSeconds.toFixed(1).padStart(7),
      row.wallSeconds.toFixed(1).padStart(9),
      String(row.clean),
    ].join(" | "),
  );
}
