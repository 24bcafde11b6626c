import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { eventIdFor } from "../../store/event-id.js";
import { InMemoryEventStore } from "../../store/in-memory/in-memory-event-store.js";
import { counterAggregate, increment } from "../../testing/store-contract/counter.js";
import { contractEvent, testCommandContext } from "../../testing/store-contract/fixtures.js";
import { InstrumentedEventStore } from "../../testing/store-contract/instrumented-store.js";
import { noBackoff } from "../backoff.js";
import { ContentionMemory } from "./contention.js";
import { GroupCommitHandler } from "./group-commit-handler.js";
import type { StreamLock } from "./stream-lock.js";

const counter = counterAggregate();
const at = "2026-03-01T09:00:00.000Z";

/** A lock that records what it was asked, and fails when told to. */
const recordingLock = (fail = false) => {
  const log: string[] = [];
  const lock: StreamLock = {
    acquire: async (streamId) => {
      log.push(`acquire ${streamId}`);
      if (fail) throw new Error("lock server down");
      return async () => void log.push(`release ${streamId}`);
    },
  };
  return { lock, log };
};

/** A store where another process appends before this one's first append. */
const contendedStore = () => {
  const inner = new InMemoryEventStore();
  const store = new InstrumentedEventStore(inner, {
    beforeAppend: async (streamId, _, call) => {
      if (call !== 1) return;
      const event = counter.events.encode({ type: "Incremented", data: { amount: 1, at } });
      await inner.appendToStream(streamId, [
        { id: eventIdFor("other", 0), ...event, metadata: contractEvent(streamId, 0).metadata },
      ]);
    },
  });
  return { inner, store };
};

describe("GroupCommitHandler with a stream lock", () => {
  it("an uncontended stream never takes the lock", async () => {
    const { lock, log } = recordingLock();
    const handler = new GroupCommitHandler({ store: new InMemoryEventStore() }, { streamLock: lock });
    await Promise.all(
      [1, 2, 3].map((n) => handler.handle(counter, "c", increment(n), testCommandContext(`${n}`))),
    );
    expect(log).toEqual([]);
  });

  it("after a conflict the stream's batches run under the lock, released after each", async () => {
    const { lock, log } = recordingLock();
    const { store } = contendedStore();
    const handler = new GroupCommitHandler({ store, backoff: noBackoff }, { streamLock: lock });
    const outcome = await handler.handle(counter, "c", increment(2), testCommandContext("a"));
    expect(outcome).toEqual(E.right(expect.objectContaining({ attempts: 2, version: 2n })));
    // Callers are answered inside the batch; the lock is released right after it.
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log).toEqual(["acquire c", "release c"]);
  });

  it("a stream that met a conflict keeps taking the lock after its lane went idle", async () => {
    const { lock, log } = recordingLock();
    const { store } = contendedStore();
    const handler = new GroupCommitHandler({ store, backoff: noBackoff }, { streamLock: lock });
    await handler.handle(counter, "c", increment(2), testCommandContext("a"));
    await new Promise((resolve) => setTimeout(resolve, 0));
    await handler.handle(counter, "c", increment(2), testCommandContext("b"));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(log).toEqual(["acquire c", "release c", "acquire c", "release c"]);
  });

  it("ContentionMemory: a conflict marks a stream for a number of batches, and at most maxStreams are kept", () => {
    const memory = new ContentionMemory(2, 2);
    expect(memory.takeLock("a")).toBe(false);
    memory.conflicted("a");
    expect([memory.takeLock("a"), memory.takeLock("a"), memory.takeLock("a")]).toEqual([true, true, false]);
    memory.conflicted("a");
    memory.conflicted("b");
    memory.conflicted("c");
    expect([memory.takeLock("a"), memory.takeLock("b"), memory.takeLock("c")]).toEqual([false, true, true]);
  });

  it("a lock that cannot be taken is skipped: the batch goes on without it", async () => {
    const { lock, log } = recordingLock(true);
    const { inner, store } = contendedStore();
    const handler = new GroupCommitHandler({ store, backoff: noBackoff }, { streamLock: lock });
    const outcome = await handler.handle(counter, "c", increment(2), testCommandContext("a"));
    expect(E.isRight(outcome)).toBe(true);
    expect(log).toEqual(["acquire c"]);
    expect(await inner.streamVersion("c")).toBe(2n);
  });
});
