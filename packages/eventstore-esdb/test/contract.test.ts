import { describeEventStoreContract } from "@vpp-ledger/core/testing";
import { EsdbEventStore, EsdbSnapshotStore } from "../src/index.js";
import { backends } from "./support/backends.js";

// The same shared contract every adapter passes, against the in-process fake server (always) and a real
// EventStoreDB (when EVENTSTOREDB_URL is set). No held appends: ESDB has no transaction a test could keep
// open, so the suite's late-commit test runs its plain form. `connect` gives each writer a client, and so
// an HTTP/2 connection, of its own.
for (const { label, open } of backends) {
  describeEventStoreContract(`EsdbEventStore on the ${label}`, async () => {
    const backend = await open();
    const client = backend.connect();
    return {
      store: new EsdbEventStore(client),
      snapshots: new EsdbSnapshotStore(client),
      connect: async () => {
        const other = backend.connect();
        return { store: new EsdbEventStore(other), close: () => other.dispose() };
      },
      close: () => backend.close(),
    };
  });
}
