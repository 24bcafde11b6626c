import { describeLedgerIntegrity } from "@vpp-ledger/core/testing";
import { describe } from "vitest";
import { createPostgresEventStore } from "../src/index.js";
import { randomSchema } from "./support/random-schema.js";
import { dropSchema, PG_URL, testPool } from "./support/server.js";

// Reopening connects a new pool to the same schema, as another host process would.
describe.runIf(PG_URL !== undefined)("on a server", () => {
  describeLedgerIntegrity(
    "PostgreSQL server",
    async () => {
      const pool = testPool(4);
      const schema = randomSchema("integrity");
      const storage = await createPostgresEventStore({ pool, schema });
      return {
        store: storage.store,
        snapshots: storage.snapshots,
        reopen: async () => {
          const again = await createPostgresEventStore({ connectionString: PG_URL!, schema, migrate: false });
          return { store: again.store, snapshots: again.snapshots, close: () => again.close() };
        },
        close: async () => {
          await dropSchema(pool, schema);
          await pool.end();
        },
      };
    },
    { hostileRuns: 30 },
  );
});
