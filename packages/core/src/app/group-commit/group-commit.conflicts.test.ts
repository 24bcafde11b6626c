import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { LicenseAggregate, type LicenseCommand } from "../../license/index.js";
import { StoreUnavailable } from "../../store/errors.js";
import { eventIdFor } from "../../store/event-id.js";
import { InMemoryEventStore } from "../../store/in-memory/in-memory-event-store.js";
import { InMemorySnapshotStore } from "../../store/in-memory/in-memory-snapshot-store.js";
import { collect } from "../../testing/store-contract/collect.js";
import { counterAggregate, increment } from "../../testing/store-contract/counter.js";
import { contractEvent, testCommandContext } from "../../testing/store-contract/fixtures.js";
import { InstrumentedEventStore } from "../../testing/store-contract/instrumented-store.js";
import type { RetryBackoff } from "../backoff.js";
import { GroupCommitHandler } from "./group-commit-handler.js";

const counter = counterAggregate(10);
const at = "2026-03-01T09:00:00.000Z";
const ctx = testCommandContext;
const codes = (outcomes: ReadonlyArray<E.Either<{ readonly code: string }, unknown>>) =>
  outcomes.map((o) => (E.isLeft(o) ? o.left.code : "ok"));

/** Another process's command, appended straight to the store at whatever version the stream is. */
const otherWriter = (store: InMemoryEventStore, streamId: string, commandId: string, amount: number) =>
  store.appendToStream(streamId, [
    {
      id: eventIdFor(commandId, 0),
      ...counter.events.encode({ type: "Incremented", data: { amount, at } }),
      metadata: contractEvent(streamId, 0).metadata,
    },
  ]);

/** A back-off that records the conflict counts it was called with and does not wait. */
const recordingBackoff = (): RetryBackoff & { readonly calls: number[] } => {
  const calls: number[] = [];
  return Object.assign(async (conflicts: number) => void calls.push(conflicts), { calls });
};

describe("GroupCommitHandler under conflicts", () => {
  it("R16: a batch that loses to another writer is decided again on fresh state; nobody was told the stale answer", async () => {
    const inner = new InMemoryEventStore();
    const store = new InstrumentedEventStore(inner, {
      beforeAppend: async (streamId, _, call) => {
        if (call === 1) await otherWriter(inner, streamId, "other-process", 5);
      },
    });
    const backoff = recordingBackoff();
    const handler = new GroupCommitHandler({ store, backoff });
    const outcomes = await Promise.all([
      handler.handle(counter, "c", increment(3), ctx("a")),
      handler.handle(counter, "c", increment(3), ctx("b")),
    ]);
    // On the stale state (0) both fitted under 10; on the fresh one (5) only the first does.
    expect(codes(outcomes)).toEqual(["ok", "limit-exceeded"]);
    expect(outcomes[0]).toEqual(
      E.right(expect.objectContaining({ version: 2n, attempts: 2, state: { total: 8, increments: 2 } })),
    );
    expect((await collect(inner.readStream("c"))).map((e) => (e.data as { amount: number }).amount)).toEqual([
      5, 3,
    ]);
    expect(backoff.calls).toEqual([1]);
  });

  it("R16: a pool's last license taken by another process while the batch was decided: nobody is over-assigned", async () => {
    const inner = new InMemoryEventStore();
    const pool = "vpp-license:acme:1";
    let interfere = false;
    const store = new InstrumentedEventStore(inner, {
      beforeAppend: async () => {
        if (!interfere) return;
        interfere = false;
        const event = LicenseAggregate.events.encode({ type: "LicenseAssigned", data: { userId: "x", at } });
        await inner.appendToStream(pool, [
          { id: eventIdFor("other", 0), ...event, metadata: contractEvent(pool, 0).metadata },
        ]);
      },
    });
    const handler = new GroupCommitHandler({ store, backoff: recordingBackoff() });
    const license = (command: LicenseCommand, id: string) =>
      handler.handle(LicenseAggregate, pool, command, ctx(id));
    await license({ type: "SyncPurchasedCount", data: { purchased: 2, at } }, "count");
    await license({ type: "DeployApp", data: { action: "required", at } }, "deploy");
    await license({ type: "AssignLicense", data: { userId: "h", termsAccepted: true, at } }, "h");
    interfere = true;
    const outcomes = await Promise.all(
      ["a", "b"].map((userId) =>
        license({ type: "AssignLicense", data: { userId, termsAccepted: true, at } }, userId),
      ),
    );
    expect(codes(outcomes)).toEqual(["no-license-available", "no-license-available"]);
    const { state } = await import("../load-aggregate.js").then((m) =>
      m.loadAggregate({ store: inner }, LicenseAggregate, pool),
    );
    expect([...state.holders.keys()]).toEqual(["h", "x"]);
  });

  it("R16: a refusal decided on a stale state is not answered: a license freed meanwhile is assigned", async () => {
    const inner = new InMemoryEventStore();
    const pool = "vpp-license:acme:2";
    let interfere = false;
    const store = new InstrumentedEventStore(inner, {
      beforeAppend: async () => {
        if (!interfere) return;
        interfere = false;
        const event = LicenseAggregate.events.encode({
          type: "LicenseReclaimed",
          data: { userId: "h", reason: "app-uninstalled", at },
        });
        await inner.appendToStream(pool, [
          { id: eventIdFor("reclaim", 0), ...event, metadata: contractEvent(pool, 0).metadata },
        ]);
      },
    });
    const handler = new GroupCommitHandler({ store, backoff: recordingBackoff() });
    const license = (command: LicenseCommand, id: string) =>
      handler.handle(LicenseAggregate, pool, command, ctx(id));
    await license({ type: "SyncPurchasedCount", data: { purchased: 1, at } }, "count");
    await license({ type: "DeployApp", data: { action: "required", at } }, "deploy");
    await license({ type: "AssignLicense", data: { userId: "h", termsAccepted: true, at } }, "h");
    interfere = true;
    const [requested, assigned] = await Promise.all([
      license({ type: "RequestInstall", data: { userId: "b", at } }, "request-b"),
      license({ type: "AssignLicense", data: { userId: "a", termsAccepted: true, at } }, "assign-a"),
    ]);
    expect(E.isRight(requested)).toBe(true);
    // Decided first on the full pool (refused), then again after the reclaim: the answer is the second decision.
    expect(assigned).toEqual(E.right(expect.objectContaining({ attempts: 2, written: true })));
  });

  it("gives up after maxAttempts per command with concurrency-retries-exhausted; nothing of the batch is written", async () => {
    const inner = new InMemoryEventStore();
    const store = new InstrumentedEventStore(inner, {
      beforeAppend: async (streamId, _, call) =>
        void (await otherWriter(inner, streamId, `other-${call}`, 0.5 as number)),
    });
    const backoff = recordingBackoff();
    const handler = new GroupCommitHandler({ store, backoff, maxAttempts: 3 });
    const outcomes = await Promise.all(
      [1, 2].map((n) => handler.handle(counter, "c", increment(n), ctx(`cmd-${n}`))),
    );
    for (const outcome of outcomes) {
      expect(outcome).toEqual(
        E.left(
          expect.objectContaining({
            code: "concurrency-retries-exhausted",
            attempts: 3,
            retryable: true,
            lastActualVersion: 3n,
          }),
        ),
      );
    }
    expect(backoff.calls).toEqual([1, 2]);
    expect((await collect(inner.readStream("c"))).map((e) => e.id)).toEqual(
      [1, 2, 3].map((n) => eventIdFor(`other-${n}`, 0)),
    );
  });

  it("a snapshot ahead of the stream is dropped after the conflict it causes", async () => {
    const store = new InMemoryEventStore();
    const snapshots = new InMemorySnapshotStore();
    await otherWriter(store, "c", "earlier", 1);
    await snapshots.save({
      streamId: "c",
      streamVersion: 50n,
      schemaVersion: 1,
      state: { total: 50, increments: 50 },
    });
    const handler = new GroupCommitHandler({ store, snapshots, backoff: recordingBackoff() });
    const unbounded = counterAggregate();
    const outcomes = await Promise.all(
      [1, 1].map((n, i) => handler.handle(unbounded, "c", increment(n), ctx(`cmd-${i}`))),
    );
    expect(outcomes[1]).toEqual(
      E.right(expect.objectContaining({ state: { total: 3, increments: 3 }, version: 3n, attempts: 2 })),
    );
  });

  it("a command id reused on another stream is refused for that caller alone; the rest of its batch is written", async () => {
    const store = new InMemoryEventStore();
    await otherWriter(store, "elsewhere", "reused", 1);
    const handler = new GroupCommitHandler({ store });
    const outcomes = await Promise.all(
      ["a", "reused", "b"].map((id) => handler.handle(counter, "c", increment(1), ctx(id))),
    );
    expect(codes(outcomes)).toEqual(["ok", "idempotency-violation", "ok"]);
    expect((await collect(store.readStream("c"))).map((e) => e.id)).toEqual([
      eventIdFor("a", 0),
      eventIdFor("b", 0),
    ]);
  });

  it("R13: a command another process stored meanwhile in another batch is answered as a retry, not refused", async () => {
    const inner = new InMemoryEventStore();
    const store = new InstrumentedEventStore(inner, {
      beforeAppend: async (streamId, _, call) => {
        if (call !== 1) return;
        // The same command "x" was sent to another process too, which batched it behind another command.
        const metadata = contractEvent(streamId, 0).metadata;
        await inner.appendToStream(streamId, [
          {
            id: eventIdFor("other", 0),
            ...counter.events.encode({ type: "Incremented", data: { amount: 1, at } }),
            metadata,
          },
          {
            id: eventIdFor("x", 0),
            ...counter.events.encode({ type: "Incremented", data: { amount: 3, at } }),
            metadata,
          },
        ]);
      },
    });
    const handler = new GroupCommitHandler({ store, backoff: recordingBackoff() });
    const [w, x] = await Promise.all([
      handler.handle(counter, "c", increment(2), ctx("w")),
      handler.handle(counter, "c", increment(3), ctx("x")),
    ]);
    expect(x).toEqual(
      E.right(
        expect.objectContaining({
          written: false,
          events: [{ type: "Incremented", data: { amount: 3, at } }],
        }),
      ),
    );
    expect(w).toEqual(E.right(expect.objectContaining({ written: true, version: 3n })));
    expect((await collect(inner.readStream("c"))).map((e) => e.id)).toEqual([
      eventIdFor("other", 0),
      eventIdFor("x", 0),
      eventIdFor("w", 0),
    ]);
  });

  it("R24: an event that would not read back is refused for its command alone", async () => {
    const store = new InMemoryEventStore();
    const broken = {
      ...counter,
      decider: {
        ...counter.decider,
        decide: (...args: Parameters<typeof counter.decider.decide>) =>
          args[0].data.amount === 9
            ? E.right([{ type: "Incremented" as const, data: { amount: "nine" as unknown as number, at } }])
            : counter.decider.decide(...args),
      },
    };
    const handler = new GroupCommitHandler({ store });
    const outcomes = await Promise.all(
      [1, 9, 1].map((n, i) => handler.handle(broken, "c", increment(n), ctx(`cmd-${i}`))),
    );
    expect(codes(outcomes)).toEqual(["ok", "invalid-event", "ok"]);
    expect(await store.streamVersion("c")).toBe(2n);
  });

  it("a store failure answers every caller of the batch with the retryable error; a retry settles it", async () => {
    const inner = new InMemoryEventStore();
    const store = new InstrumentedEventStore(inner, {
      afterAppend: (_, call) => {
        if (call === 1) throw new StoreUnavailable("the answer was lost");
      },
    });
    const handler = new GroupCommitHandler({ store });
    const outcomes = await Promise.all(
      [1, 2].map((n) => handler.handle(counter, "c", increment(n), ctx(`cmd-${n}`))),
    );
    expect(codes(outcomes)).toEqual(["store-unavailable", "store-unavailable"]);
    const retried = await Promise.all(
      [1, 2].map((n) => handler.handle(counter, "c", increment(n), ctx(`cmd-${n}`))),
    );
    expect(retried.map((o) => E.isRight(o) && o.right.written)).toEqual([false, false]);
    expect(await inner.streamVersion("c")).toBe(2n);
  });

  it("back-pressure: past the per-stream or per-process bound a command is refused at once as overloaded", async () => {
    const store = new InMemoryEventStore();
    const handler = new GroupCommitHandler({ store }, { maxQueuedPerStream: 2, maxQueued: 3 });
    const calls = [
      handler.handle(counter, "c", increment(1), ctx("c-1")),
      handler.handle(counter, "c", increment(1), ctx("c-2")),
      handler.handle(counter, "c", increment(1), ctx("c-3")),
      handler.handle(counter, "d", increment(1), ctx("d-1")),
      handler.handle(counter, "e", increment(1), ctx("e-1")),
    ];
    expect(handler.queued).toBe(3);
    const outcomes = await Promise.all(calls);
    expect(codes(outcomes)).toEqual(["ok", "ok", "overloaded", "ok", "overloaded"]);
    expect(outcomes[2]).toEqual(
      E.left(expect.objectContaining({ scope: "stream", limit: 2, retryable: true })),
    );
    expect(outcomes[4]).toEqual(
      E.left(expect.objectContaining({ scope: "process", limit: 3, streamId: "e" })),
    );
    // Callers are answered inside a batch; idle lanes are forgotten right after it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(handler.activeStreams).toBe(0);
    expect(await handler.handle(counter, "c", increment(1), ctx("c-3"))).toEqual(
      E.right(expect.objectContaining({ version: 3n })),
    );
  });
});
