import { describeLedgerIntegrity } from "../../testing/ledger-integrity/index.js";
import { InMemoryEventStore } from "./in-memory-event-store.js";
import { InMemorySnapshotStore } from "./in-memory-snapshot-store.js";

// In memory, "reopening" hands the same stores to a fresh ledger: no state cache survives, as in a new process.
describeLedgerIntegrity("in-memory", async () => {
  const store = new InMemoryEventStore();
  const snapshots = new InMemorySnapshotStore();
  const stores = { store, snapshots, close: async () => {} };
  return { ...stores, reopen: async () => stores };
});
