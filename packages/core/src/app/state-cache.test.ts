import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { InMemoryEventStore, InMemorySnapshotStore } from "../store/in-memory/index.js";
import type { SnapshotStore } from "../store/port.js";
import { counterAggregate, increment } from "../testing/store-contract/counter.js";
import { handleCommand } from "./handle-command.js";
import { loadAggregate } from "./load-aggregate.js";
import { AggregateStateCache } from "./state-cache.js";

const counter = counterAggregate();
const ctx = (n: number) => ({ commandId: `c-${n}`, tenantId: "t", actor: { kind: "system" as const } });

/** A snapshot store that counts loads, to see whether the cache spared them. */
const countingSnapshots = (): SnapshotStore & { loads: number } => {
  const inner = new InMemorySnapshotStore();
  const counting = {
    loads: 0,
    load: async (streamId: string) => {
      counting.loads++;
      return inner.load(streamId);
    },
    save: (snapshot: Parameters<SnapshotStore["save"]>[0]) => inner.save(snapshot),
  };
  return counting;
};

describe("AggregateStateCache", () => {
  it("a cached stream is loaded without reading its snapshot again", async () => {
    const store = new InMemoryEventStore();
    const snapshots = countingSnapshots();
    const deps = { store, snapshots, snapshotEvery: 2, stateCache: new AggregateStateCache() };
    for (let n = 1; n <= 5; n++)
      expect(E.isRight(await handleCommand(deps, counter, "counter-1", increment(1), ctx(n)))).toBe(true);
    expect(snapshots.loads).toBe(1);
    expect((await loadAggregate(deps, counter, "counter-1")).state.total).toBe(5);
  });

  it("events appended by another writer after the cached version are folded in", async () => {
    const store = new InMemoryEventStore();
    const cached = { store, stateCache: new AggregateStateCache() };
    await handleCommand(cached, counter, "counter-1", increment(1), ctx(1));
    await handleCommand({ store }, counter, "counter-1", increment(10), ctx(2));
    const result = await handleCommand(cached, counter, "counter-1", increment(100), ctx(3));
    expect(E.isRight(result) && result.right.state.total).toBe(111);
    expect(E.isRight(result) && result.right.version).toBe(3n);
  });

  it("evicts the least recently used stream and never goes back in version", () => {
    const cache = new AggregateStateCache(2);
    cache.set("Counter", "a", 1n, "a1");
    cache.set("Counter", "b", 1n, "b1");
    cache.get("Counter", "a");
    cache.set("Counter", "c", 1n, "c1");
    expect(cache.get("Counter", "b")).toBeUndefined();
    cache.set("Counter", "a", 5n, "a5");
    cache.set("Counter", "a", 3n, "a3");
    expect(cache.get("Counter", "a")).toEqual({ state: "a5", version: 5n });
    expect(cache.get("Other", "a")).toBeUndefined();
  });
});
