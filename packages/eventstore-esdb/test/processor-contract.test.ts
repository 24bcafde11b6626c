import { randomBytes } from "node:crypto";
import { describeProcessorContract } from "@vpp-ledger/core/testing";
import { createPostgresEventStore } from "@vpp-ledger/eventstore-postgres";
import { describe } from "vitest";
import { EsdbCheckpointStore, EsdbEventStore, EsdbParkedStreamStore } from "../src/index.js";
import { backends } from "./support/backends.js";
import { exactlyOnceInPostgres, PG_URL } from "./support/postgres-readers.js";

// `$all` shows a record only once it and everything before it are committed: no late commit to guard against.
// Checkpoints in an ESDB stream cannot commit with a read model: at-least-once.
for (const { label, open } of backends) {
  describeProcessorContract(
    `EventStoreDB on the ${label}, checkpoints and parked streams in ESDB streams`,
    { lateCommits: "commit-ordered log", delivery: "at-least-once" },
    async () => {
      const backend = await open();
      const client = backend.connect();
      const run = randomBytes(4).toString("hex");
      return {
        store: new EsdbEventStore(client),
        checkpoints: new EsdbCheckpointStore(client, { streamPrefix: `pcCheckpoint-${run}-` }),
        parked: new EsdbParkedStreamStore(client, { stream: `pcParked-${run}` }),
        close: () => backend.close(),
      };
    },
  );
}

// The log from EventStoreDB, everything a processor writes in PostgreSQL: the read model, its checkpoint and
// the lease commit in one transaction there, so delivery is exactly-once and several processes can share the work.
describe.runIf(PG_URL !== undefined)("with PostgreSQL beside EventStoreDB", () => {
  for (const { label, open } of backends) {
    describeProcessorContract(
      `EventStoreDB on the ${label}, checkpoints, parked streams, leases and read model in PostgreSQL`,
      { lateCommits: "commit-ordered log", delivery: "exactly-once" },
      async () => {
        const backend = await open();
        const client = backend.connect();
        const schema = `esdb_${randomBytes(6).toString("hex")}`;
        const storage = await createPostgresEventStore({
          connectionString: PG_URL!,
          schema,
          maxConnections: 4,
        });
        return {
          store: new EsdbEventStore(client),
          checkpoints: storage.checkpoints,
          parked: storage.parked,
          leases: storage.leases,
          exactlyOnceSink: await exactlyOnceInPostgres(storage),
          close: async () => {
            await storage.transaction((tx) => tx.query(`DROP SCHEMA "${schema}" CASCADE`));
            await storage.close();
            await backend.close();
          },
        };
      },
    );
  }
});
