import { InMemoryCheckpointStore } from "../store/checkpoint.js";
import { InMemoryEventStore } from "../store/in-memory/index.js";
import { InMemoryParkedStreamStore } from "../store/parked.js";
import { describeProcessorContract } from "../testing/processor-contract/index.js";
import { InMemoryLeaseStore } from "./lease.js";

// The reference: appends are atomic within one event loop, so no commit can come late; a checkpoint in memory
// is as durable as the read model beside it, so delivery is stated at-least-once (the durable guarantee).
describeProcessorContract(
  "in-memory store",
  { lateCommits: "one process", delivery: "at-least-once" },
  async () => ({
    store: new InMemoryEventStore(),
    checkpoints: new InMemoryCheckpointStore(),
    parked: new InMemoryParkedStreamStore(),
    leases: new InMemoryLeaseStore(() => Date.now()),
    close: async () => undefined,
  }),
);
