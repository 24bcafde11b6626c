import { describe, expect, it } from "vitest";
import { collect } from "../../testing/store-contract/collect.js";
import { eventIdFor } from "../event-id.js";
import type { EventToAppend } from "../port.js";
import { InMemoryEventStore } from "./in-memory-event-store.js";

const event = (n: number): EventToAppend => ({
  id: eventIdFor("in-memory-test", n),
  type: "Counted",
  schemaVersion: 1,
  data: { n, nested: { list: [n] } },
  metadata: {
    tenantId: "t",
    correlationId: "c",
    causationId: "c",
    actor: { kind: "system" },
    recordedAt: "2026-01-01T00:00:00Z",
  },
});

describe("InMemoryEventStore", () => {
  it("stores deep-frozen events: a reader cannot change what the next reader sees", async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream("s", [event(1)]);
    const [read] = await collect(store.readStream("s"));
    const list = (read!.data as { nested: { list: number[] } }).nested.list;
    expect(Object.isFrozen(read)).toBe(true);
    expect(Object.isFrozen(list)).toBe(true);
    expect(() => list.push(99)).toThrow(TypeError);
  });

  it("reads lazily, one batch at a time: a batch fetched after an append includes the new events", async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream("s", [event(1), event(2), event(3)]);
    const reader = store.readStream("s", { batchSize: 2 })[Symbol.asyncIterator]();
    expect((await reader.next()).value?.streamVersion).toBe(1n);
    // A reader that had copied the whole stream up front would stop at version 3.
    await store.appendToStream("s", [event(4)], { expectedVersion: 3n });
    const rest: bigint[] = [];
    for (let next = await reader.next(); !next.done; next = await reader.next())
      rest.push(next.value.streamVersion);
    expect(rest).toEqual([2n, 3n, 4n]);
  });

  it("reads the global log lazily too", async () => {
    const store = new InMemoryEventStore({ defaultBatchSize: 1 });
    await store.appendToStream("a", [event(1)]);
    const reader = store.readAll()[Symbol.asyncIterator]();
    expect((await reader.next()).value?.globalPosition).toBe(1n);
    await store.appendToStream("b", [event(2)]);
    expect((await reader.next()).value?.globalPosition).toBe(2n);
    expect((await reader.next()).done).toBe(true);
  });

  it("gives contiguous global positions from 1", async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream("a", [event(1), event(2)]);
    await store.appendToStream("b", [event(3)]);
    const positions = (await collect(store.readAll())).map((e) => e.globalPosition);
    expect(positions).toEqual([1n, 2n, 3n]);
  });

  it("rejects a default batch size that is not a positive integer", () => {
    expect(() => new InMemoryEventStore({ defaultBatchSize: 0 })).toThrow(RangeError);
  });
});
