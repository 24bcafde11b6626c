import { describeEventStoreContract } from "@vpp-ledger/core/testing";
import { createPgliteEventStore } from "../src/index.js";
import { sharedPglite } from "./support/pglite.js";
import { randomSchema } from "./support/random-schema.js";

// One PGlite for the whole suite, opened by this file's own hook with an open's budget (support/pglite.ts)
// before the contract's hook runs: the contract's harness is just a schema on it. PGlite is a single
// connection: appends serialise, so the harness offers neither holdAppend nor connect (the suite then tests
// what a serialising store guarantees).
const db = sharedPglite();

describeEventStoreContract("PGlite", async () => {
  const schema = randomSchema("contract");
  const { store, snapshots } = await createPgliteEventStore({ pglite: db(), schema });
  return {
    store,
    snapshots,
    close: async () => {
      await db().query(`DROP SCHEMA "${schema}" CASCADE`);
    },
  };
});
