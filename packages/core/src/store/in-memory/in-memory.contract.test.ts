import { describeEventStoreContract } from "../../testing/store-contract/index.js";
import { InMemoryEventStore } from "./in-memory-event-store.js";
import { InMemorySnapshotStore } from "./in-memory-snapshot-store.js";

describeEventStoreContract("InMemoryEventStore", async () => {
  const store = new InMemoryEventStore();
  return {
    store,
    snapshots: new InMemorySnapshotStore(),
    close: async () => {},
    // Nothing of an in-memory append is visible (or positioned) before it runs, so holding it means deferring it.
    holdAppend: async (streamId, events, expectedVersion) => ({
      commit: () => store.appendToStream(streamId, events, { expectedVersion }),
    }),
    // Every "connection" reaches the same memory, like connections to one database.
    connect: async () => ({ store, close: async () => {} }),
  };
});
