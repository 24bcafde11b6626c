import { PGlite } from "@electric-sql/pglite";
import { describeEventStoreContract } from "@vpp-ledger/core/testing";
import { createPgliteEventStore } from "../src/index.js";
import { randomSchema } from "./support/random-schema.js";

// One PGlite for the whole suite. PGlite is a single connection: appends serialise, so the harness offers
// neither holdAppend nor connect (the suite then tests what a serialising store guarantees).
describeEventStoreContract("PGlite", async () => {
  const db = await PGlite.create();
  const schema = randomSchema("contract");
  const { store, snapshots } = await createPgliteEventStore({ pglite: db, schema });
  return {
    store,
    snapshots,
    close: async () => {
      await db.query(`DROP SCHEMA "${schema}" CASCADE`);
      await db.close();
    },
  };
});
