import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { createVppLedger, LiveProcessor, LogProcessor } from "@vpp-ledger/core";
import {
  createPgliteEventStore,
  createPostgresEventStore,
  type PostgresStorage,
} from "@vpp-ledger/eventstore-postgres";
import fc from "fast-check";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createPgliteReadModels, createPostgresReadModels, type PostgresReadModels } from "../src/index.js";
import { PG_URL, randomSchema } from "./support/backends.js";
import { expectEqualToReplay } from "./support/compare.js";
import { runScenario, scenarioArb } from "./support/history.js";
import { waitCaughtUp } from "./support/live.js";
import { PGLITE_OPEN_TIMEOUT_MS } from "./support/pglite.js";

/** A process's view of the database: the log's storage and the read models, opened afresh. */
interface Process {
  readonly storage: PostgresStorage;
  readonly readModels: PostgresReadModels;
  close(): Promise<void>;
}

// Two fixed random histories (the property test covers many): one before the restart, one after.
const [first = [], second = []] = fc.sample(scenarioArb(25), { numRuns: 2, seed: 8 });

/**
 * Builds the read models in one "process", closes it, opens a new one over the same data, appends more and
 * follows the log live: the read models must hold everything, each event once, as a full replay does.
 */
const restartScenario = async (open: () => Promise<Process>): Promise<void> => {
  const one = await open();
  await runScenario(createVppLedger({ store: one.storage.store }), first, "first");
  const feed = (p: Process) =>
    p.readModels.feed({ name: "console", store: p.storage.store, parked: p.storage.parked, batchSize: 9 });
  const built = await new LogProcessor(feed(one)).pass();
  expect(built.events).toBeGreaterThan(0);
  await one.close();

  const two = await open();
  const before = await two.storage.store.headPosition();
  await runScenario(createVppLedger({ store: two.storage.store }), second, "second");
  const applied: number[] = [];
  const live = new LiveProcessor(new LogProcessor(feed(two)), {
    wakeup: two.storage.wakeup,
    pollIntervalMs: 100,
    onPass: (result) => applied.push(result.events),
  });
  live.start();
  await waitCaughtUp(live, two.storage.store);
  await live.stop();
  // Only what the first process had not seen was applied after the restart.
  let added = 0;
  for await (const _ of two.storage.store.readAll({ after: before })) added += 1;
  expect(added).toBeGreaterThan(0);
  expect(applied.reduce((a, b) => a + b, 0)).toBe(added);
  await expectEqualToReplay(two.readModels.queries, two.storage.store);
  await two.close();
};

describe("restart on PGlite (a data directory reopened by a new PGlite)", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it(
    "read models are complete after close, reopen and more appends, and equal a full replay",
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), "vpp-read-models-"));
      dirs.push(dataDir);
      await restartScenario(async () => {
        const pglite = await PGlite.create({ dataDir });
        const storage = await createPgliteEventStore({ pglite });
        const readModels = await createPgliteReadModels({ pglite });
        return {
          storage,
          readModels,
          close: async () => {
            await readModels.close();
            await storage.close();
            await pglite.close();
          },
        };
      });
    },
    2 * PGLITE_OPEN_TIMEOUT_MS + 60_000,
  );
});

describe.runIf(PG_URL !== undefined)("restart on the PostgreSQL server (new pools)", () => {
  const schemas = { events: randomSchema("ev"), readModels: randomSchema() };
  afterAll(async () => {
    const pool = new pg.Pool({ connectionString: PG_URL });
    for (const schema of Object.values(schemas))
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });

  it("read models are complete after close, reopen and more appends, and equal a full replay", async () => {
    await restartScenario(async () => {
      const connectionString = PG_URL ?? "";
      const storage = await createPostgresEventStore({
        connectionString,
        schema: schemas.events,
        maxConnections: 3,
      });
      const readModels = await createPostgresReadModels({
        connectionString,
        schema: schemas.readModels,
        maxConnections: 3,
      });
      return {
        storage,
        readModels,
        close: async () => {
          await readModels.close();
          await storage.close();
        },
      };
    });
  }, 60_000);
});
