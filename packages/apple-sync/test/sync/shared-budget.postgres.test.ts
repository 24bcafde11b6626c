import type { AppleSimulator } from "@vpp-ledger/apple-simulator";
import {
  createPgliteEventStore,
  createPostgresEventStore,
  ensureAppleBudgetSchema,
  PostgresAppleBudget,
  type PostgresStorage,
  PostgresSyncCursorStore,
} from "@vpp-ledger/eventstore-postgres";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { sharedPglite } from "../../../eventstore-postgres/test/support/pglite.js";
import { type RequestBudget, SyncScheduler, syncAccount } from "../../src/index.js";
import { PG_URL } from "./support/backends.js";
import { onTestEnd, right, startHarness, TENANT, typesOf } from "./support/harness.js";

/** The most token-carrying requests Apple saw arrive within any one second. */
const peakPerSecond = (sim: AppleSimulator): number => {
  const arrivals = sim.requests
    .filter((r) => r.tokenFingerprint)
    .map((r) => r.at)
    .sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; j < arrivals.length; j++) {
    while ((arrivals[j] ?? 0) - (arrivals[i] ?? 0) >= 1_000) i++;
    peak = Math.max(peak, j - i + 1);
  }
  return peak;
};

const schemaName = () => `budget_${Math.random().toString(16).slice(2, 10)}`;

/** Two host processes on one database: on the server two storages with their own pools on one schema. */
const serverProcesses = () => async (): Promise<[PostgresStorage, PostgresStorage]> => {
  const schema = schemaName();
  const open = () => createPostgresEventStore({ connectionString: PG_URL ?? "", schema, maxConnections: 4 });
  const a = await open();
  const b = await open();
  onTestEnd(async () => {
    await a.close();
    await b.close();
    const pool = new pg.Pool({ connectionString: PG_URL });
    await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await pool.end();
  });
  return [a, b];
};

/** PGlite serves one process: both "processes" share its one storage (the budget and lease logic still run). */
const pgliteProcesses = () => {
  const db = sharedPglite();
  return async (): Promise<[PostgresStorage, PostgresStorage]> => {
    const storage = await createPgliteEventStore({ pglite: db(), schema: schemaName() });
    onTestEnd(() => storage.close());
    return [storage, storage];
  };
};

const kinds = [
  { name: "PGlite", enabled: true, setup: pgliteProcesses },
  { name: "PostgreSQL server", enabled: PG_URL !== undefined, setup: serverProcesses },
].filter((kind) => kind.enabled);

describe.each(kinds)("one Apple budget per token across host processes ($name)", ({ setup }) => {
  const processes = setup();

  it("clients of two processes sharing a token stay under Apple's maxRequestPerSecond together", async () => {
    const [a, b] = await processes();
    await ensureAppleBudgetSchema(a, a.schema);
    const h = await startHarness({ simulator: { maxRequestPerSecond: 4 } });
    await h.link();
    const budgetA: RequestBudget = new PostgresAppleBudget(a, { schema: a.schema });
    const clientA = h.newClient({ rateLimiters: budgetA });
    const clientB = h.newClient({ rateLimiters: new PostgresAppleBudget(b, { schema: b.schema }) });
    await Promise.all([clientA.serviceConfig(), clientB.serviceConfig()]);

    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? clientA : clientB).getClientConfig()));

    expect(h.sim.requests.filter((r) => r.status === 429)).toEqual([]);
    expect(peakPerSecond(h.sim)).toBeLessThanOrEqual(4);
    expect(peakPerSecond(h.sim)).toBeGreaterThanOrEqual(3);
  }, 30_000);

  it("without the shared budget the same two clients exceed it (the test can fail)", async () => {
    const h = await startHarness({ simulator: { maxRequestPerSecond: 4 } });
    await h.link();
    const [clientA, clientB] = [h.newClient(), h.newClient()];
    await Promise.all([clientA.serviceConfig(), clientB.serviceConfig()]);

    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? clientA : clientB).getClientConfig()));

    const throttled = h.sim.requests.some((r) => r.status === 429);
    expect(throttled || peakPerSecond(h.sim) > 4).toBe(true);
  }, 30_000);

  it("R7: two processes' schedulers share the account's sync lease: one sync runs, the other is told who holds it", async () => {
    const [a, b] = await processes();
    const h = await startHarness();
    h.loc.addAsset({ adamId: "100", totalCount: 2 });
    await h.link();
    h.sim.setLatency(50);
    const scheduler = (storage: PostgresStorage, owner: string) =>
      new SyncScheduler({
        ledger: h.ledger,
        clientFor: () => h.client,
        now: h.clock.now,
        lease: { store: storage.leases, owner },
      });
    const [first, second] = [scheduler(a, "host-a"), scheduler(b, "host-b")];

    const results = await Promise.all([first.syncNow(TENANT), second.syncNow(TENANT)]);

    const outcomes = results.map((r) => (r._tag === "Left" ? r.left.message : r.right.status));
    expect(outcomes.filter((o) => o === "succeeded")).toHaveLength(1);
    expect(outcomes.find((o) => o !== "succeeded")).toMatch(/running in another process \(host-[ab]\)/);
    expect(typesOf(await h.events()).filter((t) => t === "SyncStarted")).toHaveLength(1);
    // Released at the end: the other process syncs next.
    h.sim.setLatency(0);
    expect(right(await second.syncNow(TENANT))).toMatchObject({ status: "succeeded" });
  }, 30_000);

  it("a sync in one process resumes incrementally from the cursor another process saved", async () => {
    const [a, b] = await processes();
    await ensureAppleBudgetSchema(a, a.schema);
    const h = await startHarness();
    h.loc.addAsset({ adamId: "100", totalCount: 2 });
    await h.link();
    const sync = (storage: PostgresStorage, syncId: string) =>
      syncAccount(
        { ...h.deps, cursors: new PostgresSyncCursorStore(storage, storage.schema) },
        { tenantId: TENANT, syncId, trigger: "manual", at: h.clock.now() },
      );

    expect(right(await sync(a, "sync-1"))).toMatchObject({ reads: { mode: "full", reason: "no-cursor" } });
    expect(right(await sync(b, "sync-2"))).toMatchObject({ reads: { mode: "incremental" } });
  }, 30_000);
});
