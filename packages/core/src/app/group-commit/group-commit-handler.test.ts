import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { eventIdFor } from "../../store/event-id.js";
import { InMemoryEventStore } from "../../store/in-memory/in-memory-event-store.js";
import { InMemorySnapshotStore } from "../../store/in-memory/in-memory-snapshot-store.js";
import { collect } from "../../testing/store-contract/collect.js";
import { counterAggregate, increment } from "../../testing/store-contract/counter.js";
import { testCommandContext } from "../../testing/store-contract/fixtures.js";
import { InstrumentedEventStore } from "../../testing/store-contract/instrumented-store.js";
import { noBackoff } from "../backoff.js";
import { handleCommand } from "../handle-command.js";
import { AggregateStateCache } from "../state-cache.js";
import { GroupCommitHandler } from "./group-commit-handler.js";

const counter = counterAggregate(10);
const ctx = testCommandContext;

/** `n` commands sent at once, as `n` concurrent callers would. */
const burst = (handler: GroupCommitHandler, amounts: ReadonlyArray<number>, prefix = "cmd") =>
  Promise.all(
    amounts.map((amount, i) => handler.handle(counter, "c", increment(amount), ctx(`${prefix}-${i}`))),
  );

const rights = <T>(outcomes: ReadonlyArray<E.Either<unknown, T>>): T[] =>
  outcomes.flatMap((outcome) => (E.isRight(outcome) ? [outcome.right] : []));

describe("GroupCommitHandler", () => {
  it("a lone command is handled at once, with the same result as handleCommand", async () => {
    const grouped = new InMemoryEventStore();
    const alone = new InMemoryEventStore();
    const a = await new GroupCommitHandler({ store: grouped }).handle(
      counter,
      "c",
      increment(2),
      ctx("cmd-1"),
    );
    const b = await handleCommand({ store: alone }, counter, "c", increment(2), ctx("cmd-1"));
    expect(a).toEqual(b);
    expect(await collect(grouped.readStream("c"))).toEqual(await collect(alone.readStream("c")));
  });

  it("concurrent commands for one stream share appends; each caller gets its own events, version and position", async () => {
    const store = new InstrumentedEventStore(new InMemoryEventStore());
    const handler = new GroupCommitHandler({ store });
    const outcomes = await burst(handler, [1, 1, 1, 1, 1, 1, 1, 1]);
    // Sent in one tick, they all join the first batch: one load, one append.
    expect(store.appends).toBe(1);
    const results = rights(outcomes);
    expect(results).toHaveLength(8);
    const stored = await collect(store.inner.readStream("c"));
    expect(stored.map((event) => event.streamVersion)).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n, 8n]);
    for (const [i, result] of results.entries()) {
      const own = stored.find((event) => event.id === eventIdFor(`cmd-${i}`, 0));
      expect(result).toMatchObject({ written: true, version: own?.streamVersion, attempts: 1 });
      expect(result.lastGlobalPosition).toBe(own?.globalPosition);
      expect(result.state.total).toBe(Number(own?.streamVersion));
      expect(result.events).toEqual([{ type: "Incremented", data: { amount: 1, at: expect.any(String) } }]);
    }
    expect(handler.queued).toBe(0);
    // Callers are answered inside a batch; idle lanes are forgotten right after it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(handler.activeStreams).toBe(0);
  });

  it("commands that arrive while a batch is being appended form the next batch", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const store = new InstrumentedEventStore(new InMemoryEventStore(), {
      beforeAppend: async (_, __, call) => {
        if (call === 1) await gate;
      },
    });
    const handler = new GroupCommitHandler({ store });
    const first = handler.handle(counter, "c", increment(1), ctx("first"));
    await new Promise((resolve) => setTimeout(resolve, 5));
    const later = burst(handler, [1, 1, 1, 1, 1], "later");
    expect(handler.queued).toBe(6);
    release();
    await Promise.all([first, later]);
    expect(store.appends).toBe(2);
    expect(await store.inner.streamVersion("c")).toBe(6n);
  });

  it("R16: a command the state left by earlier commands refuses gets its own Left; the others are written", async () => {
    const store = new InMemoryEventStore();
    const outcomes = await burst(new GroupCommitHandler({ store }), [4, 4, 4, 2]);
    expect(outcomes.map((o) => (E.isLeft(o) ? o.left.code : "ok"))).toEqual([
      "ok",
      "ok",
      "limit-exceeded",
      "ok",
    ]);
    expect((await collect(store.readStream("c"))).map((e) => e.data)).toEqual([
      expect.objectContaining({ amount: 4 }),
      expect.objectContaining({ amount: 4 }),
      expect.objectContaining({ amount: 2 }),
    ]);
  });

  it("R24: an invalid command is refused before it is queued and does not poison the batch", async () => {
    const store = new InMemoryEventStore();
    const handler = new GroupCommitHandler({ store });
    const outcomes = await Promise.all([
      handler.handle(counter, "c", increment(1), ctx("ok-1")),
      handler.handle(
        counter,
        "c",
        { type: "Increment", data: { amount: 1, at: "yesterday" } },
        ctx("bad-at"),
      ),
      handler.handle(counter, "c", { type: "Nope" } as never, ctx("bad-type")),
      handler.handle(counter, "c", increment(1), { ...ctx("bad-ctx"), actor: { kind: "robot" } } as never),
      handler.handle(counter, "c", increment(1), ctx("ok-2")),
    ]);
    expect(outcomes.map((o) => (E.isLeft(o) ? o.left.code : "ok"))).toEqual([
      "ok",
      "invalid-input",
      "unknown-message-type",
      "invalid-input",
      "ok",
    ]);
    expect(await store.streamVersion("c")).toBe(2n);
  });

  it("a command that decides nothing is answered with no events and written: false", async () => {
    const store = new InMemoryEventStore();
    const outcomes = await burst(new GroupCommitHandler({ store }), [1, 0, 1]);
    expect(
      rights(outcomes).map((r) => [r.events.length, r.written, r.version, r.lastGlobalPosition]),
    ).toEqual([
      [1, true, 1n, 1n],
      [0, false, 1n, 0n],
      [1, true, 2n, 2n],
    ]);
  });

  it("R13: the same command sent twice at once is stored once; both callers get its events", async () => {
    const store = new InMemoryEventStore();
    const handler = new GroupCommitHandler({ store });
    const [first, second, third] = await Promise.all([
      handler.handle(counter, "c", increment(1), ctx("other")),
      handler.handle(counter, "c", increment(3), ctx("twice")),
      handler.handle(counter, "c", increment(3), ctx("twice")),
    ]);
    expect(E.isRight(first)).toBe(true);
    expect(second).toEqual(E.right(expect.objectContaining({ written: true, version: 2n })));
    expect(third).toEqual(
      E.right(
        expect.objectContaining({ written: false, events: E.isRight(second!) ? second.right.events : [] }),
      ),
    );
    expect(await store.streamVersion("c")).toBe(2n);
  });

  it("R13: a retry is answered from its stored events, also when they lie before the cached state", async () => {
    const store = new InstrumentedEventStore(new InMemoryEventStore());
    const handler = new GroupCommitHandler({ store, stateCache: new AggregateStateCache() });
    const first = await handler.handle(counter, "c", increment(2), ctx("once"));
    await burst(handler, [1, 1, 1], "later");
    const lookups = store.lookups;
    const [retry, fresh] = await Promise.all([
      handler.handle(counter, "c", increment(2), ctx("once")),
      handler.handle(counter, "c", increment(1), ctx("new")),
    ]);
    expect(store.lookups).toBeGreaterThan(lookups);
    expect(retry).toEqual(
      E.right(
        expect.objectContaining({ written: false, events: E.isRight(first) ? first.right.events : [] }),
      ),
    );
    expect(E.isRight(retry) && retry.right.lastGlobalPosition).toBe(
      E.isRight(first) && first.right.lastGlobalPosition,
    );
    expect(fresh).toEqual(E.right(expect.objectContaining({ written: true, version: 5n })));
    expect(await store.streamVersion("c")).toBe(5n);
  });

  it.each([
    ["one findEvents query", {}, 1],
    ["one findEvent per command without findEvents", { findEvents: false }, 5],
  ] as const)("checks a batch for retries before its cached state with %s", async (_, options, expected) => {
    const store = new InstrumentedEventStore(new InMemoryEventStore(), {}, options);
    const handler = new GroupCommitHandler({ store, stateCache: new AggregateStateCache() });
    await handler.handle(counter, "c", increment(1), ctx("first"));
    const before = store.lookups;
    const outcomes = await burst(handler, [1, 1, 1, 1, 1], "batch");
    expect(rights(outcomes).map((r) => r.written)).toEqual([true, true, true, true, true]);
    expect(store.lookups - before).toBe(expected);
  });

  it("saves snapshots when a batch crosses a multiple of snapshotEvery and keeps the cache at the batch's end", async () => {
    const store = new InMemoryEventStore();
    const snapshots = new InMemorySnapshotStore();
    const stateCache = new AggregateStateCache();
    const handler = new GroupCommitHandler({ store, snapshots, stateCache, snapshotEvery: 4 });
    await burst(handler, [1, 1, 1, 1, 1, 1]);
    expect((await snapshots.load("c"))?.streamVersion).toBe(6n);
    expect(stateCache.get("Counter", "c")).toEqual({ version: 6n, state: { total: 6, increments: 6 } });
  });

  it("a decider that throws rejects its batch's callers (a bug), and the stream goes on", async () => {
    const store = new InMemoryEventStore();
    const buggy = {
      ...counter,
      decider: {
        ...counter.decider,
        decide: (...args: Parameters<typeof counter.decider.decide>) => {
          if (args[0].data.amount === 7) throw new Error("bug");
          return counter.decider.decide(...args);
        },
      },
    };
    const handler = new GroupCommitHandler({ store });
    await expect(handler.handle(buggy, "c", increment(7), ctx("boom"))).rejects.toThrow("bug");
    expect(await handler.handle(buggy, "c", increment(1), ctx("after"))).toEqual(
      E.right(expect.objectContaining({ version: 1n })),
    );
  });

  it("throws for bounds that are not positive integers", () => {
    const store = new InMemoryEventStore();
    expect(() => new GroupCommitHandler({ store }, { maxBatch: 0 })).toThrow(RangeError);
    expect(() => new GroupCommitHandler({ store }, { maxQueued: 1.5 })).toThrow(RangeError);
    expect(() => new GroupCommitHandler({ store, maxAttempts: 0 })).toThrow(RangeError);
    expect(() => new GroupCommitHandler({ store, backoff: noBackoff }, { maxQueuedPerStream: -1 })).toThrow(
      RangeError,
    );
  });
});
