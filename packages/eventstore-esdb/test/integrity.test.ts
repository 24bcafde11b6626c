import { describeLedgerIntegrity } from "@vpp-ledger/core/testing";
import { EsdbEventStore, EsdbSnapshotStore } from "../src/index.js";
import { backends } from "./support/backends.js";

// The ledger's integrity suite on EventStoreDB: "reopening" connects a new client, as another process would.
// ESDB events are immutable (no redactEvent), so the repair step of the isolation test is an upcaster's job there.
for (const { label, open } of backends) {
  describeLedgerIntegrity(
    `EsdbEventStore on the ${label}`,
    async () => {
      const backend = await open();
      const client = backend.connect();
      return {
        store: new EsdbEventStore(client),
        snapshots: new EsdbSnapshotStore(client),
        reopen: async () => {
          const other = backend.connect();
          return {
            store: new EsdbEventStore(other),
            snapshots: new EsdbSnapshotStore(other),
            close: () => other.dispose(),
          };
        },
        close: () => backend.close(),
      };
    },
    { hostileRuns: 20 },
  );
}
