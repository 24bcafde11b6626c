/**
 * A host process of crash.test.ts: it runs the batched delivery of one tenant on the PostgreSQL server and
 * reports each manage request on stdout (one JSON line each), then waits for Apple until the parent kills it.
 * The tenant's token comes in the environment (VPP_TEST_STOKEN), never on the command line.
 */
import { createVppLedger } from "@vpp-ledger/core";
import { createPostgresEventStore } from "@vpp-ledger/eventstore-postgres";
import { AppleDelivery, appleAccountId, createAppleClient, InMemoryTokenVault } from "../../../src/index.js";

/** What the parent passes as the one command-line argument (JSON). */
export interface CrashChildTask {
  readonly url: string;
  readonly schema: string;
  readonly baseUrl: string;
  readonly tenantId: string;
}

const task = JSON.parse(process.argv[2] ?? "{}") as CrashChildTask;
const storage = await createPostgresEventStore({ connectionString: task.url, schema: task.schema });
const vault = new InMemoryTokenVault();
await vault.put(appleAccountId(task.tenantId), process.env.VPP_TEST_STOKEN ?? "");
const client = createAppleClient({
  vault,
  accountId: appleAccountId(task.tenantId),
  baseUrl: task.baseUrl,
  mdmInfo: { id: "vpp-ledger-sync-tests", name: "vpp-ledger sync tests", metadata: "tests" },
});
const delivery = new AppleDelivery({
  ledger: createVppLedger({ store: storage.store }),
  clientFor: (tenantId) => (tenantId === task.tenantId ? client : undefined),
  now: () => "2026-06-01T09:00:00.000Z",
  checkpoints: storage.checkpoints,
  parked: storage.parked,
  pollAfterMs: 10,
  maxPollIntervalMs: 20,
  onRequest: (request) => console.log(JSON.stringify({ kind: "request", items: request.items })),
});
await delivery.pass();
console.log(JSON.stringify({ kind: "passed" }));
// Apple's operations stay pending (the parent's simulator completes nothing): wait to be killed.
setInterval(() => undefined, 1_000);
