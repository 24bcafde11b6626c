import { describe, expect, it } from "vitest";
import { InMemoryEventStore } from "../store/in-memory/index.js";
import {
  HOT_APP,
  type InstallCall,
  prepareHotPool,
  raceHotPool,
} from "../testing/store-contract/hot-pool.js";
import { expectSettledHotPool } from "../testing/store-contract/hot-pool-checks.js";
import { InstrumentedEventStore } from "../testing/store-contract/instrumented-store.js";
import { createVppLedger, type VppLedgerDeps } from "./ledger.js";

const users = Array.from({ length: 24 }, (_, i) => `u-${i}`);
const oneCallEach: InstallCall[][] = users.map((userId) => [
  { userId, commandId: `install-${userId}`, delayMs: 0 },
]);

/** 24 users install at once through requestInstall; returns the appends the pool's commands made. */
const race = async (options: Pick<VppLedgerDeps, "groupCommit">) => {
  const inner = new InMemoryEventStore();
  await prepareHotPool(createVppLedger({ store: inner }), "acme", users, 10);
  const store = new InstrumentedEventStore(inner);
  const ledger = createVppLedger({ store, ...options });
  const run = await raceHotPool([ledger], "acme", oneCallEach);
  await expectSettledHotPool(inner, "acme", 10, oneCallEach, run);
  return store.appends;
};

describe("createVppLedger and group commit", () => {
  it("R13 R16: by default, concurrent installs on one pool share appends and the pool stays exact", async () => {
    // 24 assignment commands and 14 failure records; batched, far fewer appends.
    expect(await race({})).toBeLessThan(10);
  });

  it("R13 R16: groupCommit: false handles every command alone (one append or more per command)", async () => {
    expect(await race({ groupCommit: false })).toBeGreaterThanOrEqual(24 + 14);
  });

  it("overlapping loads of one stream share a read, and each sees what was committed before it asked", async () => {
    const store = new InMemoryEventStore();
    await prepareHotPool(createVppLedger({ store }), "acme", ["u-0"], 1);
    let reads = 0;
    let gate: Promise<void> | undefined;
    let open = () => {};
    const counting = Object.assign(Object.create(store) as InMemoryEventStore, {
      readStream: (streamId: string, options?: { after?: bigint }) => {
        reads++;
        const inner = store.readStream(streamId, options);
        const wait = gate;
        return (async function* () {
          if (wait) await wait;
          yield* inner;
        })();
      },
    });
    const ledger = createVppLedger({ store: counting });
    const before = await ledger.loadAccount("acme");
    reads = 0;
    gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    const running = ledger.loadAccount("acme");
    gate = undefined;
    // Committed after the running load started, before the next callers ask: they must see it.
    const invite = { type: "InviteUser", data: { userId: "late", at: "2026-11-25T12:00:00Z" } } as const;
    await createVppLedger({ store }).account("acme", invite, { commandId: "late", actor: { kind: "admin" } });
    const joiners = Array.from({ length: 8 }, () => ledger.loadAccount("acme"));
    open();
    await running;
    const loaded = await Promise.all(joiners);
    expect(reads).toBe(2);
    for (const { version, state } of loaded) {
      expect(version).toBe(before.version + 1n);
      expect(state.users.get("late")).toBe("invited");
    }
  });

  it("takes the bounds given and refuses ones that are not positive integers", async () => {
    const store = new InMemoryEventStore();
    expect(() => createVppLedger({ store, groupCommit: { maxBatch: 0 } })).toThrow(RangeError);
    const ledger = createVppLedger({ store, groupCommit: { maxQueuedPerStream: 1 } });
    const sync = { type: "SyncPurchasedCount", data: { purchased: 1, at: "2026-11-25T12:00:00Z" } } as const;
    const [first, second] = await Promise.all([
      ledger.license("acme", HOT_APP, sync, { commandId: "a", actor: { kind: "admin" } }),
      ledger.license("acme", HOT_APP, sync, { commandId: "b", actor: { kind: "admin" } }),
    ]);
    expect(first._tag).toBe("Right");
    expect(second).toMatchObject({
      _tag: "Left",
      left: { code: "overloaded", scope: "stream", retryable: true },
    });
  });
});
