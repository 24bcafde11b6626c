import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { InMemoryEventStore } from "../store/in-memory/in-memory-event-store.js";
import { InMemorySnapshotStore } from "../store/in-memory/in-memory-snapshot-store.js";
import type { SnapshotStore } from "../store/port.js";
import { counterAggregate, increment } from "../testing/store-contract/counter.js";
import { testCommandContext } from "../testing/store-contract/fixtures.js";
import { InstrumentedEventStore } from "../testing/store-contract/instrumented-store.js";
import type { SnapshotFailure } from "./command.js";
import { handleCommand } from "./handle-command.js";
import { loadAggregate } from "./load-aggregate.js";

const counter = counterAggregate();

/** Runs `count` one-event commands `cmd-<from>`… against the stream "c". */
const run = async (deps: Parameters<typeof handleCommand>[0], from: number, count: number) => {
  for (let n = from; n < from + count; n++) {
    const result = await handleCommand(deps, counter, "c", increment(1), testCommandContext(`cmd-${n}`));
    expect(E.isRight(result)).toBe(true);
  }
};

describe("handleCommand with snapshots", () => {
  it("saves a snapshot when an append crosses a multiple of snapshotEvery", async () => {
    const snapshots = new InMemorySnapshotStore();
    const deps = { store: new InMemoryEventStore(), snapshots, snapshotEvery: 3 };
    await run(deps, 1, 2);
    expect(await snapshots.load("c")).toBeUndefined();
    await run(deps, 3, 5);
    expect(await snapshots.load("c")).toEqual({
      streamId: "c",
      streamVersion: 6n,
      schemaVersion: 1,
      state: { total: 6, increments: 6 },
    });
  });

  it("loads the snapshot plus the tail only: the events read do not grow with the history", async () => {
    const store = new InstrumentedEventStore(new InMemoryEventStore());
    const deps = { store, snapshots: new InMemorySnapshotStore(), snapshotEvery: 10 };
    await run(deps, 1, 25);
    store.eventsRead = 0;
    await run(deps, 26, 1);
    expect(store.eventsRead).toBe(5);
    store.eventsRead = 0;
    const loaded = await loadAggregate(deps, counter, "c");
    expect(store.eventsRead).toBe(6);
    expect(loaded).toEqual(await loadAggregate({ store }, counter, "c"));
    expect(loaded).toEqual({ state: { total: 26, increments: 26 }, version: 26n });
  });

  it("ignores a snapshot of another schema version and rebuilds from events", async () => {
    const store = new InMemoryEventStore();
    const snapshots = new InMemorySnapshotStore();
    await run({ store }, 1, 3);
    await snapshots.save({ streamId: "c", streamVersion: 3n, schemaVersion: 2, state: { total: 1000 } });
    expect(await loadAggregate({ store, snapshots }, counter, "c")).toEqual({
      state: { total: 3, increments: 3 },
      version: 3n,
    });
  });

  it("replaces a stale snapshot once loading had to fold snapshotEvery events or more", async () => {
    const store = new InMemoryEventStore();
    const snapshots = new InMemorySnapshotStore();
    await run({ store }, 1, 12);
    await snapshots.save({ streamId: "c", streamVersion: 2n, schemaVersion: 2, state: {} });
    await run({ store, snapshots, snapshotEvery: 5 }, 13, 1);
    expect(await snapshots.load("c")).toMatchObject({ streamVersion: 13n, schemaVersion: 1 });
  });

  it("ignores a snapshot that does not decode, and reports it", async () => {
    const store = new InMemoryEventStore();
    const snapshots = new InMemorySnapshotStore();
    const failures: SnapshotFailure[] = [];
    await run({ store }, 1, 2);
    await snapshots.save({ streamId: "c", streamVersion: 2n, schemaVersion: 1, state: { total: "two" } });
    const loaded = await loadAggregate(
      { store, snapshots, onSnapshotError: (f) => failures.push(f) },
      counter,
      "c",
    );
    expect(loaded.state).toEqual({ total: 2, increments: 2 });
    expect(failures).toEqual([expect.objectContaining({ streamId: "c", stage: "decode" })]);
  });

  it("a failing snapshot store never fails the command; the failures are reported", async () => {
    const broken: SnapshotStore = {
      load: () => Promise.reject(new Error("snapshot table gone")),
      save: () => Promise.reject(new Error("snapshot table gone")),
    };
    const failures: SnapshotFailure[] = [];
    const deps = {
      store: new InMemoryEventStore(),
      snapshots: broken,
      snapshotEvery: 1,
      onSnapshotError: (f: SnapshotFailure) => failures.push(f),
    };
    const result = await handleCommand(deps, counter, "c", increment(1), testCommandContext("cmd-1"));
    expect(result).toEqual(E.right(expect.objectContaining({ written: true, version: 1n })));
    expect(failures.map((failure) => failure.stage)).toEqual(["load", "save"]);
  });

  it("a throwing onSnapshotError hook does not fail the command either", async () => {
    const broken: SnapshotStore = {
      load: async () => undefined,
      save: () => Promise.reject(new Error("full")),
    };
    const deps = {
      store: new InMemoryEventStore(),
      snapshots: broken,
      snapshotEvery: 1,
      onSnapshotError: () => {
        throw new Error("logger down");
      },
    };
    const result = await handleCommand(deps, counter, "c", increment(1), testCommandContext("cmd-1"));
    expect(E.isRight(result)).toBe(true);
  });

  it("a snapshot ahead of the stream (restored from elsewhere) is dropped after the conflict it causes", async () => {
    const store = new InMemoryEventStore();
    const snapshots = new InMemorySnapshotStore();
    await run({ store }, 1, 2);
    await snapshots.save({
      streamId: "c",
      streamVersion: 50n,
      schemaVersion: 1,
      state: { total: 50, increments: 50 },
    });
    const result = await handleCommand(
      { store, snapshots },
      counter,
      "c",
      increment(1),
      testCommandContext("cmd-3"),
    );
    expect(result).toEqual(
      E.right(expect.objectContaining({ state: { total: 3, increments: 3 }, version: 3n, attempts: 2 })),
    );
  });
});

describe("loadAggregate", () => {
  it("a stream without events is the initial state at version 0n", async () => {
    expect(await loadAggregate({ store: new InMemoryEventStore() }, counter, "none")).toEqual({
      state: { total: 0, increments: 0 },
      version: 0n,
    });
  });

  it("folds a stream longer than one fold batch", async () => {
    const store = new InMemoryEventStore();
    await run({ store, maxAttempts: 1 }, 1, 600);
    expect(await loadAggregate({ store }, counter, "c")).toEqual({
      state: { total: 600, increments: 600 },
      version: 600n,
    });
  });
});
