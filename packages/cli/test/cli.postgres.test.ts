import { randomBytes } from "node:crypto";
import { createPostgresEventStore } from "@vpp-ledger/eventstore-postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, STACK_LINE } from "./support/run-cli.js";
import { SEED, seedAll } from "./support/seed.js";

// The server suite runs when VPP_PG_URL is set (CI sets it); PGlite covers the same commands always.
const PG_URL = process.env.VPP_PG_URL;
const suffix = randomBytes(4).toString("hex");
const schema = `cli_${suffix}`;
const readModels = `cli_rm_${suffix}`;
const over = `vpp-license:${SEED.tenant}:${SEED.overApp}`;

describe.runIf(PG_URL !== undefined)(
  "vpp-ledger on a PostgreSQL server (the real binary in a child process)",
  () => {
    const url = PG_URL ?? "";
    const store = ["--store", url, "--schema", schema];

    beforeAll(async () => {
      const storage = await createPostgresEventStore({ connectionString: url, schema });
      await seedAll(storage.store);
      await storage.close();
    });

    afterAll(async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await client.query(`DROP SCHEMA IF EXISTS "${readModels}" CASCADE`);
      await client.end();
    });

    it("R19: audit names the first violation with its stream, version and position, exit 1", async () => {
      const run = await runCli(["audit", ...store, "--format", "json"]);
      expect(run.code).toBe(1);
      const report = JSON.parse(run.stdout) as { violation: Record<string, unknown>; eventsRead: number };
      expect(report.eventsRead).toBe(10);
      expect(report.violation).toMatchObject({
        rule: "R16",
        userId: "u2",
        place: { streamId: over, streamVersion: "3", globalPosition: "8" },
      });
    });

    it("R19: audit of a tenant with no events is clean, exit 0, and prints its rate", async () => {
      const run = await runCli(["audit", ...store, "--tenant", "globex"]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/audited 10 events \(0 in scope, 0 pools\) .*: \d+ events\/s/);
      expect(run.stdout).toContain("clean");
    });

    it("R18: who-held as a table names the holder and the event that gave the license", async () => {
      const run = await runCli([
        "who-held",
        ...store,
        "--tenant",
        SEED.tenant,
        "--app",
        SEED.cleanApp,
        "--at",
        "2026-03-12T00:00:00Z",
      ]);
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/│ 361309726 │ u2\s+│ user │ 2026-03-03T09:00:00Z/);
      expect(run.stdout).toMatch(/│ 361309726 │ u3\s+│ user │ 2026-03-11T09:00:00Z/);
      expect(run.stdout).not.toMatch(/│ u1 /);
    });

    it("migrate, then read-models rebuild catches the read models up, and status shows no lag", async () => {
      const rm = ["--read-models-schema", readModels];
      expect((await runCli(["migrate", ...store, ...rm])).code).toBe(0);
      const rebuilt = await runCli(["read-models", "rebuild", ...store, ...rm, "--processor", "console"]);
      expect(rebuilt.code).toBe(0);
      expect(rebuilt.stdout).toMatch(
        /rebuilt generation 2 \(was 1\): \d+ events up to position 10, now serving/,
      );
      const status = await runCli(["read-models", "status", ...store, ...rm, "--format", "json"]);
      expect(status.code).toBe(0);
      const parsed = JSON.parse(status.stdout) as {
        head: string;
        generations: Array<Record<string, unknown>>;
      };
      expect(parsed.head).toBe("10");
      expect(parsed.generations).toContainEqual(
        expect.objectContaining({
          generation: 2,
          status: "serving",
          processor: "console",
          position: "10",
          lag: "0",
        }),
      );
    });

    it("an unreachable server or a missing schema exits 2 with a clear line, no stack trace", async () => {
      const down = await runCli(["audit", "--store", "postgres://postgres@127.0.0.1:1/postgres"]);
      expect(down.code).toBe(2);
      expect(down.stderr).toMatch(
        /cannot open the store postgres:\/\/postgres@127\.0\.0\.1:1\/postgres: .*unavailable/,
      );
      const missing = await runCli(["audit", "--store", url, "--schema", `${schema}_none`]);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/holds no vpp-ledger schema .*vpp-ledger migrate/);
      for (const run of [down, missing]) expect(run.stderr).not.toMatch(STACK_LINE);
    });
  },
);
