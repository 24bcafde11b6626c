import { describeEventStoreContract } from "@vpp-ledger/core/testing";
import { describe } from "vitest";
import { createPostgresEventStore } from "../src/index.js";
import { holdAppend } from "./support/held-append.js";
import { randomSchema } from "./support/random-schema.js";
import { dropSchema, PG_URL, testPool } from "./support/server.js";

// Real concurrent transactions: the harness offers held appends and independent connections, so the suite's
// late-commit and separate-connection races run for real.
describe.runIf(PG_URL !== undefined)("on a server", () => {
  describeEventStoreContract("PostgreSQL server", async () => {
    const pool = testPool(10);
    const schema = randomSchema("contract");
    const { store, snapshots } = await createPostgresEventStore({ pool, schema });
    return {
      store,
      snapshots,
      holdAppend: (streamId, events, expectedVersion) =>
        holdAppend(pool, schema, streamId, events, expectedVersion),
      connect: async () => {
        const other = await createPostgresEventStore({ connectionString: PG_URL!, schema, migrate: false });
        return { store: other.store, close: () => other.close() };
      },
      close: async () => {
        await dropSchema(pool, schema);
        await pool.end();
      },
    };
  });
});
