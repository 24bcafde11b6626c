import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { StoreUnavailable } from "../store/errors.js";
import { eventIdFor } from "../store/event-id.js";
import { InMemoryEventStore } from "../store/in-memory/in-memory-event-store.js";
import { collect } from "../testing/store-contract/collect.js";
import { counterAggregate, increment } from "../testing/store-contract/counter.js";
import { contractEvent, testCommandContext } from "../testing/store-contract/fixtures.js";
import { InstrumentedEventStore } from "../testing/store-contract/instrumented-store.js";
import { handleCommand } from "./handle-command.js";

const counter = counterAggregate(10);
const at = "2026-03-01T09:00:00.000Z";

/** Another writer's command, appended straight to the store. */
const concurrentIncrement = (
  store: InMemoryEventStore,
  streamId: string,
  commandId: string,
  amount: number,
) =>
  store.appendToStream(streamId, [
    {
      id: eventIdFor(commandId, 0),
      ...counter.events.encode({ type: "Incremented", data: { amount, at } }),
      metadata: { ...contractEvent(streamId, 0).metadata },
    },
  ]);

describe("handleCommand", () => {
  it("R18: appends the decided events with ids from the command id and metadata from the context", async () => {
    const store = new InMemoryEventStore();
    const result = await handleCommand({ store }, counter, "c", increment(2), testCommandContext("cmd-1"));
    expect(result).toEqual(
      E.right({
        streamId: "c",
        events: [{ type: "Incremented", data: { amount: 2, at } }],
        state: { total: 2, increments: 1 },
        version: 1n,
        lastGlobalPosition: 1n,
        written: true,
        attempts: 1,
      }),
    );
    const [stored] = await collect(store.readStream("c"));
    expect(stored).toMatchObject({
      id: eventIdFor("cmd-1", 0),
      type: "Incremented",
      schemaVersion: 2,
      data: { amount: 2, at },
      metadata: {
        tenantId: "tenant-contract",
        correlationId: "cmd-1",
        causationId: "cmd-1",
        actor: { kind: "admin", id: "admin-1" },
        recordedAt: at,
      },
    });
  });

  it("R18: takes correlation and causation ids from the context when given", async () => {
    const store = new InMemoryEventStore();
    const context = { ...testCommandContext("cmd-1"), correlationId: "request-7", causationId: "event-3" };
    await handleCommand({ store }, counter, "c", increment(1), context);
    const [stored] = await collect(store.readStream("c"));
    expect(stored?.metadata).toMatchObject({ correlationId: "request-7", causationId: "event-3" });
  });

  it("a rejection is a Left with the domain error and writes nothing", async () => {
    const store = new InMemoryEventStore();
    const result = await handleCommand({ store }, counter, "c", increment(11), testCommandContext("cmd-1"));
    expect(result).toEqual(E.left(expect.objectContaining({ _tag: "DomainError", code: "limit-exceeded" })));
    expect(await store.streamVersion("c")).toBe(0n);
  });

  it("a command that decides nothing writes nothing", async () => {
    const store = new InMemoryEventStore();
    const result = await handleCommand({ store }, counter, "c", increment(0), testCommandContext("cmd-1"));
    expect(result).toEqual(E.right(expect.objectContaining({ events: [], version: 0n, written: false })));
    expect(await store.streamVersion("c")).toBe(0n);
  });

  it("a command without a valid data.at is a Left invalid-input naming the field", async () => {
    const store = new InMemoryEventStore();
    const result = await handleCommand(
      { store },
      counter,
      "c",
      increment(1, "yesterday"),
      testCommandContext("x"),
    );
    expect(result).toEqual(
      E.left(
        expect.objectContaining({
          code: "invalid-input",
          details: { path: "data.at", expected: "IsoDateTime" },
        }),
      ),
    );
    expect(await store.streamVersion("c")).toBe(0n);
  });

  it("a concurrent writer between load and append: reloads, decides again on the new state, appends", async () => {
    const inner = new InMemoryEventStore();
    const store = new InstrumentedEventStore(inner, {
      beforeAppend: async (streamId, _events, call) => {
        if (call === 1) await concurrentIncrement(inner, streamId, "other", 5);
      },
    });
    const result = await handleCommand({ store }, counter, "c", increment(2), testCommandContext("cmd-1"));
    expect(result).toEqual(
      E.right(expect.objectContaining({ state: { total: 7, increments: 2 }, version: 2n, attempts: 2 })),
    );
    expect(store.appends).toBe(2);
  });

  it("invariants hold under conflict: the second decision sees the concurrent write and rejects", async () => {
    const inner = new InMemoryEventStore();
    const store = new InstrumentedEventStore(inner, {
      beforeAppend: async (streamId, _events, call) => {
        if (call === 1) await concurrentIncrement(inner, streamId, "other", 9);
      },
    });
    const result = await handleCommand({ store }, counter, "c", increment(2), testCommandContext("cmd-1"));
    expect(result).toEqual(E.left(expect.objectContaining({ code: "limit-exceeded" })));
    expect(await inner.streamVersion("c")).toBe(1n);
  });

  it("gives up after maxAttempts with concurrency-retries-exhausted: stream, attempts, last actual version", async () => {
    const inner = new InMemoryEventStore();
    const store = new InstrumentedEventStore(inner, {
      beforeAppend: (streamId, _events, call) =>
        concurrentIncrement(inner, streamId, `other-${call}`, 1).then(() => {}),
    });
    const result = await handleCommand({ store }, counter, "c", increment(1), testCommandContext("cmd-1"));
    expect(E.isLeft(result) && result.left).toMatchObject({
      name: "LedgerError",
      code: "concurrency-retries-exhausted",
      retryable: true,
      streamId: "c",
      attempts: 10,
      lastActualVersion: 10n,
    });
    expect(store.appends).toBe(10);
  });

  it("honours maxAttempts", async () => {
    const inner = new InMemoryEventStore();
    const store = new InstrumentedEventStore(inner, {
      beforeAppend: (streamId, _events, call) =>
        concurrentIncrement(inner, streamId, `other-${call}`, 1).then(() => {}),
    });
    const result = await handleCommand(
      { store, maxAttempts: 5 },
      counter,
      "c",
      increment(1),
      testCommandContext("x"),
    );
    expect(E.isLeft(result) && result.left).toMatchObject({ attempts: 5, lastActualVersion: 5n });
  });

  it("backs off between attempts after a conflict, with the count of conflicts so far", async () => {
    const inner = new InMemoryEventStore();
    const store = new InstrumentedEventStore(inner, {
      beforeAppend: (streamId, _events, call) =>
        concurrentIncrement(inner, streamId, `other-${call}`, 1).then(() => {}),
    });
    const waits: number[] = [];
    const backoff = async (conflicts: number) => void waits.push(conflicts);
    await handleCommand(
      { store, backoff, maxAttempts: 4 },
      counter,
      "c",
      increment(1),
      testCommandContext("x"),
    );
    expect(waits).toEqual([1, 2, 3]);
  });

  it("a store failure is a Left with the store's error, retryable as it says", async () => {
    const store = new InstrumentedEventStore(new InMemoryEventStore(), {
      beforeAppend: () => {
        throw new StoreUnavailable("connection reset");
      },
    });
    const result = await handleCommand({ store }, counter, "c", increment(1), testCommandContext("cmd-1"));
    expect(E.isLeft(result) && result.left).toMatchObject({ code: "store-unavailable", retryable: true });
  });

  it("a corrupt stored event is a Left CorruptEvent, not a thrown error", async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream("c", [{ ...contractEvent("c", 1), type: "Incremented", schemaVersion: 2 }]);
    const result = await handleCommand({ store }, counter, "c", increment(1), testCommandContext("cmd-1"));
    expect(E.isLeft(result) && result.left).toMatchObject({
      code: "corrupt-event",
      streamVersion: 1n,
      retryable: false,
    });
  });

  it("rejects nonsense settings as programming errors", async () => {
    const store = new InMemoryEventStore();
    const context = testCommandContext("cmd-1");
    await expect(
      handleCommand({ store, maxAttempts: 0 }, counter, "c", increment(1), context),
    ).rejects.toThrow(RangeError);
    await expect(
      handleCommand({ store, snapshotEvery: 1.5 }, counter, "c", increment(1), context),
    ).rejects.toThrow(RangeError);
  });

  it("R24: a context outside the grammar is a Left invalid-input naming the field, and nothing is written", async () => {
    const store = new InMemoryEventStore();
    const context = testCommandContext("cmd-1");
    const hostile: ReadonlyArray<[unknown, string]> = [
      [{ ...context, commandId: "" }, "commandId"],
      [{ ...context, tenantId: "a:b" }, "tenantId"],
      [{ ...context, actor: { kind: "admin", id: 42 } }, "actor.id"],
      [{ ...context, actor: { kind: "root" } }, "actor.kind"],
      [{ ...context, correlationId: "with space" }, "correlationId"],
      [null, "(root)"],
    ];
    for (const [bad, path] of hostile) {
      const result = await handleCommand({ store }, counter, "c", increment(1), bad as typeof context);
      expect(result).toEqual(
        E.left(
          expect.objectContaining({ code: "invalid-input", details: expect.objectContaining({ path }) }),
        ),
      );
    }
    expect(await store.streamVersion("c")).toBe(0n);
  });
});
