import fc from "fast-check";
import { expect, it } from "vitest";
import { AggregateStateCache } from "../../app/state-cache.js";
import type { EventStore, SnapshotStore } from "../../store/port.js";
import { createVppLedger, type VppLedger } from "../../workflows/ledger.js";
import type { ContractContext } from "./harness.js";
import { type InstallCall, prepareHotPool, raceHotPool } from "./hot-pool.js";
import { expectSettledHotPool } from "./hot-pool-checks.js";
import { InstrumentedEventStore } from "./instrumented-store.js";

/** Ledgers stand for processes: over independent connections when the adapter offers them. */
const PROCESSES = 3;

interface Scenario {
  readonly purchased: number;
  readonly users: number;
  readonly processes: number;
  readonly maxBatch: number;
  readonly snapshotEvery: number;
  readonly cachedStreams: number;
  readonly callers: ReadonlyArray<ReadonlyArray<{ user: number; slot: number; delayMs: number }>>;
}

const scenarios: fc.Arbitrary<Scenario> = fc.record({
  purchased: fc.integer({ min: 1, max: 6 }),
  users: fc.integer({ min: 1, max: 9 }),
  processes: fc.integer({ min: 1, max: PROCESSES }),
  maxBatch: fc.integer({ min: 1, max: 8 }),
  snapshotEvery: fc.integer({ min: 1, max: 12 }),
  // 1: every load starts from the snapshot (the cache always misses); 1,000: from the cached state.
  cachedStreams: fc.constantFrom(1, 1_000),
  callers: fc.array(
    fc.array(
      // Slots make a user's command ids: the same (user, slot) twice is one command sent twice.
      fc.record({
        user: fc.nat(),
        slot: fc.integer({ min: 0, max: 2 }),
        delayMs: fc.integer({ min: 0, max: 2 }),
      }),
      { minLength: 1, maxLength: 5 },
    ),
    { minLength: 1, maxLength: 8 },
  ),
});

type Connections = { readonly stores: ReadonlyArray<EventStore>; close(): Promise<void> };

/** Independent connections for the "processes" when the harness has `connect`, else the suite's one store. */
const openConnections = async (ctx: ContractContext): Promise<Connections> => {
  const harness = ctx.harness();
  if (!harness.connect) return { stores: Array(PROCESSES).fill(harness.store), close: async () => {} };
  const connections = await Promise.all(Array.from({ length: PROCESSES }, () => harness.connect!()));
  return {
    stores: connections.map((connection) => connection.store),
    close: async () => void (await Promise.all(connections.map((connection) => connection.close()))),
  };
};

const processLedger = (
  store: EventStore,
  snapshots: SnapshotStore,
  tuning: { readonly maxBatch: number; readonly snapshotEvery: number; readonly cachedStreams: number },
): VppLedger =>
  createVppLedger({
    store,
    snapshots,
    snapshotEvery: tuning.snapshotEvery,
    stateCache: new AggregateStateCache(tuning.cachedStreams),
    groupCommit: { maxBatch: tuning.maxBatch },
  });

/**
 * Group commit on a real store (issue 10): installs into one license pool from many callers in several
 * "processes" (ledgers of their own, over independent connections when the adapter has them), through the
 * documented install path. Whatever the interleaving, exactly the purchased count is assigned, no user twice,
 * versions stay contiguous, every caller is answered exactly once and agrees with the log, the audit is clean.
 */
export const groupCommitContract = (ctx: ContractContext, options: { readonly runs?: number } = {}): void => {
  it("R13 R16: random interleavings of installs from many callers in several processes keep the pool exact", async () => {
    const connections = await openConnections(ctx);
    try {
      await fc.assert(
        fc.asyncProperty(scenarios, async (scenario) => {
          const { snapshots, store } = ctx.harness();
          const tenant = ctx.streamId("hot");
          const users = Array.from({ length: scenario.users }, (_, i) => `u-${i}`);
          await prepareHotPool(createVppLedger({ store, snapshots }), tenant, users, scenario.purchased);
          const callers: InstallCall[][] = scenario.callers.map((calls) =>
            calls.map(({ user, slot, delayMs }) => ({
              userId: users[user % users.length]!,
              commandId: `${tenant}/i-${user % users.length}-${slot}`,
              delayMs,
            })),
          );
          const ledgers = connections.stores
            .slice(0, scenario.processes)
            .map((connection) => processLedger(connection, snapshots, scenario));
          const run = await raceHotPool(ledgers, tenant, callers);
          await expectSettledHotPool(store, tenant, scenario.purchased, callers, run);
        }),
        { numRuns: options.runs ?? 12 },
      );
    } finally {
      await connections.close();
    }
  }, 300_000);

  it("R13 R16: 32 callers in 4 processes, 80 users, 30 licenses: batches carry several commands, the pool stays exact", async () => {
    const connections = await openConnections(ctx);
    try {
      const { snapshots, store } = ctx.harness();
      const tenant = ctx.streamId("hot-many");
      const users = Array.from({ length: 80 }, (_, i) => `u-${i}`);
      await prepareHotPool(createVppLedger({ store, snapshots }), tenant, users, 30);
      let shared = 0;
      const counted = [...connections.stores, connections.stores[0]!].map(
        (connection) =>
          new InstrumentedEventStore(connection, {
            beforeAppend: (_, events) => {
              const commands = new Set(events.map((event) => event.metadata.causationId));
              if (commands.size > 1) shared++;
            },
          }),
      );
      const ledgers = counted.map((connection) =>
        processLedger(connection, snapshots, { maxBatch: 64, snapshotEvery: 10, cachedStreams: 1_000 }),
      );
      const callers: InstallCall[][] = Array.from({ length: 32 }, (_, caller) =>
        users
          .filter((_, i) => i % 32 === caller)
          .map((userId) => ({ userId, commandId: `${tenant}/${userId}`, delayMs: 0 })),
      );
      const run = await raceHotPool(ledgers, tenant, callers);
      await expectSettledHotPool(store, tenant, 30, callers, run);
      expect(shared).toBeGreaterThan(0);
    } finally {
      await connections.close();
    }
  }, 300_000);
};
