import { describeProcessorContract } from "@vpp-ledger/core/testing";
import { describe } from "vitest";
import { createPostgresEventStore } from "../src/index.js";
import { holdAppend } from "./support/held-append.js";
import { processorHarness } from "./support/processor-harness.js";
import { randomSchema } from "./support/random-schema.js";
import { dropSchema, PG_URL, testPool } from "./support/server.js";

// Real concurrent transactions: the live test holds an append open while others commit, and the processor
// is woken by LISTEN/NOTIFY on a connection of its own.
describe.runIf(PG_URL !== undefined)("on a server", () => {
  describeProcessorContract(
    "PostgreSQL server",
    { lateCommits: "append lock", delivery: "exactly-once" },
    async () => {
      const pool = testPool(10);
      const schema = randomSchema("proc");
      const storage = await createPostgresEventStore({ pool, schema });
      return processorHarness(storage, {
        holdAppend: (streamId, events, expectedVersion) =>
          holdAppend(pool, schema, streamId, events, expectedVersion),
        close: async () => {
          await storage.close();
          await dropSchema(pool, schema);
          await pool.end();
        },
      });
    },
  );
});
