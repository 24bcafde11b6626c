import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createPostgresEventStore } from "@vpp-ledger/eventstore-postgres";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { appleAccountId } from "../../src/index.js";
import { PG_URL } from "../sync/support/backends.js";
import { onTestEnd } from "../sync/support/harness.js";
import type { CrashChildTask } from "./support/crash-child.js";
import { eventually, simulator, usersNamed, World } from "./world.js";

const CHILD = fileURLToPath(new URL("./support/crash-child.ts", import.meta.url));

describe.runIf(PG_URL !== undefined)(
  "AppleDelivery: a host process killed mid-delivery (PostgreSQL server)",
  () => {
    it("SIGKILL while Apple's operations are pending: a new process resumes from the checkpoint, nothing lost, nothing twice", {
      timeout: 60_000,
    }, async () => {
      const schema = `delivery_crash_${Date.now().toString(36)}`;
      const storage = await createPostgresEventStore({ connectionString: PG_URL ?? "", schema });
      onTestEnd(async () => {
        await storage.close();
        const pool = new pg.Pool({ connectionString: PG_URL });
        await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
        await pool.end();
      });
      const sim = await simulator({ operationCompletion: "manual", limits: { maxClientUserIds: 2 } });
      const world = new World(storage);
      const loc = await world.tenant("acme", sim, { "100": 10 });
      const users = usersNamed("u", 5);
      await world.users("acme", users);
      await world.startAtHead();
      const start = await storage.checkpoints.load("apple-delivery");
      await world.assign("acme", "100", users);
      const before = await world.events();

      const task: CrashChildTask = { url: PG_URL ?? "", schema, baseUrl: sim.baseUrl, tenantId: "acme" };
      const token = await world.vault.get(appleAccountId("acme"));
      const child = spawn(
        process.execPath,
        ["--import", "tsx", "--conditions=source", CHILD, JSON.stringify(task)],
        {
          stdio: ["ignore", "pipe", "inherit"],
          env: { ...process.env, VPP_TEST_STOKEN: token ?? "" },
        },
      );
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      const lines: string[] = [];
      createInterface({ input: child.stdout }).on("line", (line) => lines.push(line));
      // Killed once Apple holds the three requests' operations and the process has seen them accepted.
      const requests = () => lines.filter((line) => line.includes('"request"')).length;
      await eventually(() => sim.pendingOperationCount() === 3 && requests() === 3, 30_000);
      child.kill("SIGKILL");
      await exited;
      // Nothing was confirmed: the durable checkpoint has not moved past the work.
      expect(await storage.checkpoints.load("apple-delivery")).toBe(start);

      // Apple finishes the dead process's operations; a new process takes over.
      sim.completePendingOperations();
      const next = world.delivery();
      await next.pass();
      await eventually(() => {
        sim.completePendingOperations();
        return next.outstanding === 0;
      }, 10_000);

      expect(
        loc
          .state()
          .assignments.map((a) => a.clientUserId)
          .sort(),
      ).toEqual([...users].sort());
      expect(world.associations.map((a) => a.userId).sort()).toEqual([...users].sort());
      expect(await world.events()).toHaveLength(before.length);
      await eventually(() => next.checkpoint === before.at(-1)?.place.globalPosition);
    });
  },
);
