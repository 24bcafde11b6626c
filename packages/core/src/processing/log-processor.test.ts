import { describe, expect, it } from "vitest";
import type { LedgerEvent } from "../ledger/streams.js";
import { licenseStreamId } from "../license/index.js";
import { InMemoryCheckpointStore } from "../store/checkpoint.js";
import { CorruptEvent } from "../store/errors.js";
import { eventIdFor } from "../store/event-id.js";
import { InMemoryEventStore } from "../store/in-memory/index.js";
import { InMemoryParkedStreamStore } from "../store/parked.js";
import type { EventToAppend } from "../store/port.js";
import { LiveProcessor, type LogWakeup } from "./live-processor.js";
import { LogProcessor } from "./log-processor.js";
import { type BatchSink, checkpointedSink } from "./sink.js";

const at = "2026-12-01T09:00:00Z";
let n = 0;
const synced = (tenantId: string, purchased: number): EventToAppend => ({
  id: eventIdFor(`p-${++n}`, 0),
  type: "PurchasedCountSynced",
  schemaVersion: 1,
  data: { purchased, previous: 0, at },
  metadata: { tenantId, correlationId: "c", causationId: "c", actor: { kind: "system" }, recordedAt: at },
});

const append = async (store: InMemoryEventStore, tenant: string, purchased: number) =>
  store.appendToStream(licenseStreamId(tenant, "1001"), [synced(tenant, purchased)]);

/** A sink that records what it was handed, checkpointing in memory after each batch. */
const recordingSink = () => {
  const checkpoints = new InMemoryCheckpointStore();
  const seen: LedgerEvent[] = [];
  const batches: number[] = [];
  const sink = checkpointedSink("p", checkpoints, async (events) => {
    seen.push(...events);
    batches.push(events.length);
  });
  return { sink, seen, batches, checkpoints };
};

describe("LogProcessor", () => {
  it("commits the log in batches of the configured size and resumes from the sink's position", async () => {
    const store = new InMemoryEventStore();
    for (let i = 1; i <= 7; i++) await append(store, "acme", i);
    const { sink, seen, batches, checkpoints } = recordingSink();
    const processor = new LogProcessor({
      name: "p",
      store,
      sink,
      parked: new InMemoryParkedStreamStore(),
      batchSize: 3,
    });
    expect(await processor.pass()).toMatchObject({ events: 7, batches: 3, position: 7n, interrupted: false });
    expect(batches).toEqual([3, 3, 1]);
    await append(store, "acme", 8);
    expect(await processor.pass()).toMatchObject({ events: 1, position: 8n });
    expect(seen).toHaveLength(8);
    expect(await checkpoints.load("p")).toBe(8n);
  });

  it("R24: an undecodable event parks its stream and the batch goes on with the others", async () => {
    const store = new InMemoryEventStore();
    await append(store, "acme", 1);
    await store.appendToStream(licenseStreamId("bad", "1001"), [
      { ...synced("bad", 1), data: { purchased: -1 } },
    ]);
    await append(store, "beta", 2);
    const { sink, seen } = recordingSink();
    const parked = new InMemoryParkedStreamStore();
    const result = await new LogProcessor({ name: "p", store, sink, parked }).pass();
    expect(seen.map((e) => e.tenantId)).toEqual(["acme", "beta"]);
    expect(result.parked.map((entry) => entry.streamId)).toEqual([licenseStreamId("bad", "1001")]);
    expect(result.position).toBe(3n);
  });

  it("a failing commit is thrown and nothing after the last committed batch counts as processed", async () => {
    const store = new InMemoryEventStore();
    for (let i = 1; i <= 4; i++) await append(store, "acme", i);
    const checkpoints = new InMemoryCheckpointStore();
    let calls = 0;
    const sink: BatchSink = checkpointedSink("p", checkpoints, async () => {
      if (++calls === 2) throw new Error("disk full");
    });
    const processor = new LogProcessor({
      name: "p",
      store,
      sink,
      parked: new InMemoryParkedStreamStore(),
      batchSize: 2,
    });
    await expect(processor.pass()).rejects.toThrow("disk full");
    expect(await checkpoints.load("p")).toBe(2n);
    expect(await processor.pass()).toMatchObject({ events: 2, position: 4n });
  });
});

describe("LogProcessor reading ahead", () => {
  const appendTo = async (store: InMemoryEventStore, tenant: string, app: string, purchased: number) =>
    store.appendToStream(licenseStreamId(tenant, app), [synced(tenant, purchased)]);

  it("reads the next batch while the sink commits, and commits batches one at a time, in order", async () => {
    const store = new InMemoryEventStore();
    for (let i = 1; i <= 6; i++) await append(store, "acme", i);
    const order: string[] = [];
    let inFlight = 0;
    const read = store.readAll.bind(store);
    store.readAll = (options) => {
      order.push("read");
      return read(options);
    };
    const sink: BatchSink = {
      position: async () => undefined,
      commit: async (batch) => {
        inFlight++;
        expect(inFlight).toBe(1);
        order.push(`commit ${batch.position}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        inFlight--;
      },
    };
    const result = await new LogProcessor({
      name: "p",
      store,
      sink,
      parked: new InMemoryParkedStreamStore(),
      batchSize: 2,
    }).pass();
    expect(result).toMatchObject({ events: 6, batches: 3, position: 6n });
    expect(order.filter((step) => step.startsWith("commit"))).toEqual(["commit 2", "commit 4", "commit 6"]);
  });

  it("R24: a stream parked by a commit has its events of the batch read meanwhile held back", async () => {
    const store = new InMemoryEventStore();
    await appendTo(store, "acme", "1001", 1);
    await appendTo(store, "poison", "1001", 1);
    await appendTo(store, "acme", "1001", 2);
    await appendTo(store, "poison", "1001", 2);
    const seen: string[] = [];
    const parked = new InMemoryParkedStreamStore();
    const sink: BatchSink = {
      position: async () => undefined,
      commit: async (batch) => {
        // The next batch is read meanwhile, before this commit parks the stream.
        await new Promise((resolve) => setTimeout(resolve, 20));
        for (const event of batch.events) {
          const { streamId, streamVersion } = event.place;
          if (event.tenantId === "poison" && streamVersion === 1n) {
            const failure = new CorruptEvent(
              streamId,
              streamVersion,
              event.event.type,
              "data",
              "poisoned in the handler",
            );
            await batch.park?.(event, failure);
            continue;
          }
          seen.push(`${event.tenantId}@${streamVersion}`);
        }
      },
    };
    const result = await new LogProcessor({ name: "p", store, sink, parked, batchSize: 2 }).pass();
    expect(seen).toEqual(["acme@1", "acme@2"]);
    expect(result.position).toBe(4n);
    expect((await parked.list("p")).map((entry) => [entry.streamId, entry.streamVersion])).toEqual([
      [licenseStreamId("poison", "1001"), 1n],
    ]);
  });
});

describe("LiveProcessor", () => {
  const manualWakeup = () => {
    const listeners = new Set<() => void>();
    const wakeup: LogWakeup = {
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    return {
      wakeup,
      notify: () => {
        for (const listener of listeners) listener();
      },
    };
  };

  const until = async (condition: () => boolean | Promise<boolean>, ms = 5_000): Promise<void> => {
    const deadline = Date.now() + ms;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error("condition not met in time");
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it("follows the log on each wakeup signal, reports its lag, and stops gracefully", async () => {
    const store = new InMemoryEventStore();
    await append(store, "acme", 1);
    const { sink, seen } = recordingSink();
    const { wakeup, notify } = manualWakeup();
    const live = new LiveProcessor(
      new LogProcessor({ name: "p", store, sink, parked: new InMemoryParkedStreamStore() }),
      {
        wakeup,
        pollIntervalMs: 60_000,
        now: () => new Date("2026-12-01T09:00:30Z"),
      },
    );
    live.start();
    await until(() => seen.length === 1);
    await append(store, "acme", 2);
    expect(await live.lag()).toEqual({ events: 1n, seconds: 30, position: 1n });
    notify();
    await until(() => seen.length === 2);
    expect(await live.lag()).toEqual({ events: 0n, seconds: 0, position: 2n });
    await live.stop();
    expect(live.running).toBe(false);
  });

  it("polls when no signal comes (PGlite, or a lost notification)", async () => {
    const store = new InMemoryEventStore();
    const { sink, seen } = recordingSink();
    const live = new LiveProcessor(
      new LogProcessor({ name: "p", store, sink, parked: new InMemoryParkedStreamStore() }),
      {
        pollIntervalMs: 10,
      },
    );
    live.start();
    await append(store, "acme", 1);
    await until(() => seen.length === 1);
    await live.stop();
  });

  it("stop() lets the running batch finish: it is committed, the next one is not started", async () => {
    const store = new InMemoryEventStore();
    for (let i = 1; i <= 6; i++) await append(store, "acme", i);
    const checkpoints = new InMemoryCheckpointStore();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const committed: number[] = [];
    const sink = checkpointedSink("p", checkpoints, async (events) => {
      if (committed.length === 0) await gate;
      committed.push(events.length);
    });
    const live = new LiveProcessor(
      new LogProcessor({ name: "p", store, sink, parked: new InMemoryParkedStreamStore(), batchSize: 2 }),
    );
    live.start();
    await until(() => true);
    const stopping = live.stop();
    release();
    await stopping;
    expect(committed).toEqual([2]);
    expect(await checkpoints.load("p")).toBe(2n);
  });
});
