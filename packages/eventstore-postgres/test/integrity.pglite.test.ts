import { PGlite } from "@electric-sql/pglite";
import { describeLedgerIntegrity } from "@vpp-ledger/core/testing";
import { createPgliteEventStore } from "../src/index.js";
import { PGLITE_OPEN_TIMEOUT_MS } from "./support/pglite.js";
import { randomSchema } from "./support/random-schema.js";

// One PGlite for the suite; "reopening" opens the stores again over the same database without migrating,
// as a second process on the same data would (PGlite is one connection, so it is the same instance).
describeLedgerIntegrity(
  "PGlite",
  async () => {
    const db = await PGlite.create();
    const schema = randomSchema("integrity");
    const storage = await createPgliteEventStore({ pglite: db, schema });
    return {
      store: storage.store,
      snapshots: storage.snapshots,
      reopen: async () => {
        const again = await createPgliteEventStore({ pglite: db, schema, migrate: false });
        return { store: again.store, snapshots: again.snapshots, close: () => again.close() };
      },
      close: async () => {
        await storage.close();
        await db.close();
      },
    };
  },
  { hostileRuns: 25, openTimeoutMs: PGLITE_OPEN_TIMEOUT_MS },
);
