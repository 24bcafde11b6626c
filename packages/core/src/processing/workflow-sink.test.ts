import { describe, expect, it } from "vitest";
import type { LedgerEvent } from "../ledger/streams.js";
import { licenseStreamId } from "../license/index.js";
import { InMemoryCheckpointStore } from "../store/checkpoint.js";
import { eventIdFor } from "../store/event-id.js";
import { InMemoryEventStore } from "../store/in-memory/index.js";
import { InMemoryParkedStreamStore } from "../store/parked.js";
import type { EventStore, EventToAppend } from "../store/port.js";
import { LogProcessor } from "./log-processor.js";
import type { Workflow } from "./workflow.js";
import { WorkflowSink } from "./workflow-sink.js";
import { InMemoryWorkflowStateStore, type WorkflowStateStore } from "./workflow-state.js";

const at = "2026-12-01T09:00:00Z";
let n = 0;
const synced = (tenantId: string, purchased: number): EventToAppend => ({
  id: eventIdFor(`ws-${++n}`, 0),
  type: "PurchasedCountSynced",
  schemaVersion: 1,
  data: { purchased, previous: 0, at },
  metadata: { tenantId, correlationId: "c", causationId: "c", actor: { kind: "system" }, recordedAt: at },
});

/** Counts each tenant's count syncs; acts on every event with the count so far. */
type Counts = Readonly<Record<string, number>>;
const counting: Workflow<Counts, string> = {
  initialState: {},
  evolve: (state, event: LedgerEvent) => ({ ...state, [event.tenantId]: (state[event.tenantId] ?? 0) + 1 }),
  decide: (event, state) => [`${event.tenantId}#${(state[event.tenantId] ?? 0) + 1}`],
};
const codec = {
  encode: (state: Counts): unknown => state,
  decode: (data: unknown): Counts | undefined =>
    typeof data === "object" && data !== null && Object.values(data).every((v) => typeof v === "number")
      ? (data as Counts)
      : undefined,
};

const setup = async (events: number) => {
  const store = new InMemoryEventStore();
  for (let i = 1; i <= events; i++) {
    const tenant = i % 2 === 0 ? "acme" : "beta";
    await store.appendToStream(licenseStreamId(tenant, "1001"), [synced(tenant, i)]);
  }
  const reads: Array<bigint | undefined> = [];
  const readAll = store.readAll.bind(store);
  store.readAll = (options?: Parameters<EventStore["readAll"]>[0]) => {
    reads.push(options?.after);
    return readAll(options);
  };
  return {
    store,
    reads,
    checkpoints: new InMemoryCheckpointStore(),
    parked: new InMemoryParkedStreamStore(),
  };
};

const sinkOver = (
  world: Awaited<ReturnType<typeof setup>>,
  states: WorkflowStateStore | undefined,
  acted: string[] = [],
) =>
  new WorkflowSink({
    name: "counting",
    workflow: counting,
    perform: async (action) => {
      acted.push(action);
    },
    checkpoints: world.checkpoints,
    store: world.store,
    parked: world.parked,
    ...(states === undefined ? {} : { snapshots: { store: states, ...codec, everyEvents: 4 } }),
  });

const run = (world: Awaited<ReturnType<typeof setup>>, sink: WorkflowSink<Counts, string>) =>
  new LogProcessor({ name: "counting", store: world.store, sink, parked: world.parked, batchSize: 2 }).pass();

describe("WorkflowSink snapshots", () => {
  it("a restart folds only the log after the last snapshot, into the state a full fold gives, acting on nothing", async () => {
    const world = await setup(10);
    const states = new InMemoryWorkflowStateStore();
    await run(world, sinkOver(world, states));
    expect(await states.load("counting")).toEqual({ position: 8n, state: { beta: 4, acme: 4 } });
    world.reads.length = 0;
    const acted: string[] = [];
    const restarted = sinkOver(world, states, acted);
    expect(await restarted.position()).toBe(10n);
    expect(world.reads).toEqual([8n]);
    expect(restarted.state).toEqual({ beta: 5, acme: 5 });
    expect(acted).toEqual([]);
  });

  it("without snapshots a restart folds the whole log up to the checkpoint", async () => {
    const world = await setup(6);
    await run(world, sinkOver(world, undefined));
    world.reads.length = 0;
    const restarted = sinkOver(world, undefined);
    await restarted.position();
    expect(world.reads).toEqual([undefined]);
    expect(restarted.state).toEqual({ beta: 3, acme: 3 });
  });

  it("a snapshot beyond the checkpoint (its batch never committed) or one that does not decode is not used", async () => {
    const world = await setup(6);
    await run(world, sinkOver(world, undefined));
    for (const snapshot of [
      { position: 99n, state: { beta: 40, acme: 40 } },
      { position: 2n, state: "not a state" },
    ]) {
      const states = new InMemoryWorkflowStateStore();
      await states.save("counting", snapshot);
      world.reads.length = 0;
      const restarted = sinkOver(world, states);
      await restarted.position();
      expect(world.reads).toEqual([undefined]);
      expect(restarted.state).toEqual({ beta: 3, acme: 3 });
    }
  });

  it("goes on acting from the checkpoint with the state of the snapshot plus the log after it", async () => {
    const world = await setup(8);
    const states = new InMemoryWorkflowStateStore();
    await run(world, sinkOver(world, states));
    for (let i = 0; i < 2; i++) {
      await world.store.appendToStream(licenseStreamId("acme", "1001"), [synced("acme", 100 + i)]);
    }
    const acted: string[] = [];
    await run(world, sinkOver(world, states, acted));
    expect(acted).toEqual(["acme#5", "acme#6"]);
  });
});
