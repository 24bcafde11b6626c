import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { StoreUnavailable } from "../store/errors.js";
import { InMemoryEventStore } from "../store/in-memory/in-memory-event-store.js";
import { InMemorySnapshotStore } from "../store/in-memory/in-memory-snapshot-store.js";
import { collect } from "../testing/store-contract/collect.js";
import { counterAggregate, increment } from "../testing/store-contract/counter.js";
import { testCommandContext } from "../testing/store-contract/fixtures.js";
import { InstrumentedEventStore } from "../testing/store-contract/instrumented-store.js";
import { handleCommand } from "./handle-command.js";

const counter = counterAggregate(10);
const at = "2026-03-01T09:00:00.000Z";

describe("handleCommand with a retried command (same command id)", () => {
  it("answers from the stored events with written:false, though deciding again would now reject it", async () => {
    const store = new InMemoryEventStore();
    const first = await handleCommand({ store }, counter, "c", increment(5), testCommandContext("cmd-a"));
    await handleCommand({ store }, counter, "c", increment(4), testCommandContext("cmd-b"));
    // 9 + 5 would pass the limit of 10: a handler that decided again would reject the retry.
    const retry = await handleCommand({ store }, counter, "c", increment(5), testCommandContext("cmd-a"));
    expect(retry).toEqual(
      E.right({
        streamId: "c",
        events: [{ type: "Incremented", data: { amount: 5, at } }],
        state: { total: 9, increments: 2 },
        version: 2n,
        lastGlobalPosition: E.isRight(first) ? first.right.lastGlobalPosition : -1n,
        written: false,
        attempts: 1,
      }),
    );
    expect(await store.streamVersion("c")).toBe(2n);
  });

  it("finds a retry whose events lie before the latest snapshot through the store's findEvent index", async () => {
    const store = new InstrumentedEventStore(new InMemoryEventStore());
    const deps = { store, snapshots: new InMemorySnapshotStore(), snapshotEvery: 2 };
    const big = counterAggregate();
    await handleCommand(deps, big, "c", increment(5), testCommandContext("cmd-a"));
    for (const n of [1, 2, 3, 4])
      await handleCommand(deps, big, "c", increment(1), testCommandContext(`cmd-${n}`));
    store.eventsRead = 0;
    store.lookups = 0;
    const retry = await handleCommand(deps, big, "c", increment(5), testCommandContext("cmd-a"));
    expect(retry).toEqual(
      E.right(expect.objectContaining({ written: false, version: 5n, state: { total: 9, increments: 5 } })),
    );
    expect(store.lookups).toBe(1);
    // The tail after the snapshot at version 4, then cmd-a's event and the one after it (where its run ends).
    expect(store.eventsRead).toBeLessThanOrEqual(3);
    expect(await store.streamVersion("c")).toBe(5n);
  });

  it("without findEvent, an old retry is still never written twice: the append is an IdempotencyViolation", async () => {
    const store = new InstrumentedEventStore(new InMemoryEventStore(), {}, { findEvent: false });
    const deps = { store, snapshots: new InMemorySnapshotStore(), snapshotEvery: 2 };
    const big = counterAggregate();
    await handleCommand(deps, big, "c", increment(5), testCommandContext("cmd-a"));
    for (const n of [1, 2, 3])
      await handleCommand(deps, big, "c", increment(1), testCommandContext(`cmd-${n}`));
    const retry = await handleCommand(deps, big, "c", increment(5), testCommandContext("cmd-a"));
    expect(E.isLeft(retry) && retry.left).toMatchObject({ code: "idempotency-violation", retryable: false });
    expect(await store.streamVersion("c")).toBe(4n);
  });

  it("a response lost after the commit: the command fails retryable, and its retry settles it without a second write", async () => {
    const store = new InstrumentedEventStore(new InMemoryEventStore(), {
      afterAppend: (_result, call) => {
        if (call === 1) throw new StoreUnavailable("connection reset after commit");
      },
    });
    const lost = await handleCommand({ store }, counter, "c", increment(3), testCommandContext("cmd-a"));
    expect(E.isLeft(lost) && lost.left).toMatchObject({ code: "store-unavailable", retryable: true });
    const retry = await handleCommand({ store }, counter, "c", increment(3), testCommandContext("cmd-a"));
    expect(retry).toEqual(
      E.right(expect.objectContaining({ written: false, version: 1n, state: { total: 3, increments: 1 } })),
    );
    expect(await store.streamVersion("c")).toBe(1n);
  });

  it("a retry racing its original: both succeed and the events are stored once", async () => {
    const store = new InMemoryEventStore();
    const results = await Promise.all(
      [1, 2, 3].map(() => handleCommand({ store }, counter, "c", increment(2), testCommandContext("cmd-a"))),
    );
    const settled = results.map((result) => (E.isRight(result) ? result.right : undefined));
    expect(settled.every((result) => result?.version === 1n)).toBe(true);
    expect(settled.filter((result) => result?.written)).toHaveLength(1);
    expect(await collect(store.readStream("c"))).toHaveLength(1);
  });

  it("concurrent different commands all land, each once, when given enough attempts", async () => {
    const store = new InMemoryEventStore();
    const big = counterAggregate();
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        handleCommand({ store, maxAttempts: 10 }, big, "c", increment(n), testCommandContext(`cmd-${n}`)),
      ),
    );
    expect(results.every(E.isRight)).toBe(true);
    const amounts = (await collect(store.readStream("c"))).map(
      (event) => (event.data as { amount: number }).amount,
    );
    expect(amounts.sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
