import { describeProcessorContract } from "@vpp-ledger/core/testing";
import { createPgliteEventStore } from "../src/index.js";
import { sharedPglite } from "./support/pglite.js";
import { processorHarness } from "./support/processor-harness.js";
import { randomSchema } from "./support/random-schema.js";

// PGlite is one connection in one process: appends serialise by construction (the append lock is never
// contended), the lease is always this process's own, and NOTIFY is delivered in-process.
const db = sharedPglite();

describeProcessorContract("PGlite", { lateCommits: "append lock", delivery: "exactly-once" }, async () => {
  const storage = await createPgliteEventStore({ pglite: db(), schema: randomSchema("proc") });
  return processorHarness(storage, { close: () => storage.close() });
});
