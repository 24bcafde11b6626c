import { describe, expect, it } from "vitest";
import { licenseStreamId } from "../license/index.js";
import { InMemoryCheckpointStore } from "../store/checkpoint.js";
import { isLedgerError } from "../store/errors.js";
import { eventIdFor } from "../store/event-id.js";
import { InMemoryEventStore } from "../store/in-memory/index.js";
import { InMemoryParkedStreamStore } from "../store/parked.js";
import { InMemoryLeaseStore, type LeaseStore, type ProcessorLease } from "./lease.js";
import { type LeaseChange, LeasedProcessor } from "./leased-processor.js";
import type { BatchSink } from "./sink.js";

const at = "2026-12-01T09:00:00Z";
let n = 0;
const append = (store: InMemoryEventStore, count = 1) =>
  store.appendToStream(
    licenseStreamId("acme", "1001"),
    Array.from({ length: count }, () => ({
      id: eventIdFor(`leased-${++n}`, 0),
      type: "PurchasedCountSynced",
      schemaVersion: 1,
      data: { purchased: n, previous: 0, at },
      metadata: {
        tenantId: "acme",
        correlationId: "c",
        causationId: "c",
        actor: { kind: "system" },
        recordedAt: at,
      },
    })),
  );

const until = async (condition: () => boolean, ms = 5_000): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/**
 * A fenced, transactional-like sink over memory: the lease check, the applied ids and the checkpoint change
 * together (as a PostgreSQL transaction would), so a duplicate or a lost event shows in `applied`.
 */
const fencedSink = (leases: InMemoryLeaseStore) => {
  const applied: string[] = [];
  const checkpoints = new InMemoryCheckpointStore();
  const committers: string[] = [];
  let gate: Promise<void> = Promise.resolve();
  const sink: BatchSink = {
    position: () => checkpoints.load("p"),
    commit: async (batch) => {
      await gate;
      if (batch.lease === undefined || !leases.holds(batch.lease))
        throw new Error("commit without the lease");
      applied.push(...batch.events.map((event) => event.place.eventId));
      committers.push(batch.lease.owner);
      await checkpoints.save("p", batch.position);
    },
  };
  return { sink, applied, committers, hold: (until: Promise<void>) => (gate = until) };
};

const setup = () => {
  let clock = 0;
  const leases = new InMemoryLeaseStore(() => clock);
  const store = new InMemoryEventStore();
  const target = fencedSink(leases);
  const changes: LeaseChange[] = [];
  const errors: unknown[] = [];
  const processor = (owner: string, ttlMs = 300, extra: { readonly leases?: LeaseStore } = {}) =>
    new LeasedProcessor(
      { name: "p", store, sink: target.sink, parked: new InMemoryParkedStreamStore(), batchSize: 5 },
      {
        leases: extra.leases ?? leases,
        owner,
        ttlMs,
        pollIntervalMs: 10,
        onLeaseChange: (change) => changes.push(change),
        onError: (error) => errors.push(error),
      },
    );
  return { leases, store, target, changes, errors, processor, tick: (ms: number) => (clock += ms) };
};

describe("LeasedProcessor", () => {
  it("only the lease holder processes; after a graceful stop the standby takes over at once", async () => {
    const { store, target, processor, changes } = setup();
    await append(store, 12);
    const [a, b] = [processor("a"), processor("b")];
    a.start();
    await until(() => a.lease !== undefined);
    b.start();
    await until(() => target.applied.length === 12);
    expect(b.lease).toBeUndefined();
    await a.stop();
    expect(changes.at(-1)).toMatchObject({ kind: "ended", reason: "stop" });
    await append(store, 3);
    await until(() => target.applied.length === 15);
    expect(b.lease?.epoch).toBe(2n);
    expect(new Set(target.applied).size).toBe(15);
    expect(new Set(target.committers)).toEqual(new Set(["a", "b"]));
    await b.stop();
  });

  it("stop() finishes the current batch under the lease, then releases it", async () => {
    const { store, target, processor, leases } = setup();
    await append(store, 10);
    let release: () => void = () => {};
    target.hold(new Promise((resolve) => (release = resolve)));
    const a = processor("a");
    a.start();
    await until(() => a.lease !== undefined);
    const lease = a.lease as ProcessorLease;
    const stopping = a.stop();
    release();
    await stopping;
    expect(target.applied).toHaveLength(5);
    const next = await leases.acquire("p", "b", 300);
    expect(next).toMatchObject({ kind: "acquired", lease: { epoch: lease.epoch + 1n } });
  });

  it("a process whose lease was taken over cannot commit: its batch is refused, the new owner commits it", async () => {
    const { store, target, processor, leases, tick, changes } = setup();
    await append(store, 5);
    let release: () => void = () => {};
    target.hold(new Promise((resolve) => (release = resolve)));
    const a = processor("a", 200);
    a.start();
    await until(() => a.lease !== undefined);
    // The owner is stuck in its commit (a long GC pause, a partition) while its lease runs out and another
    // process takes it. Its heartbeat then learns it lost the term, and the stuck commit is refused.
    tick(10_000);
    expect(await leases.acquire("p", "b", 200)).toMatchObject({ kind: "acquired" });
    // It steps down at once (no batch may be handed to the sink any more), then waits for the stuck commit.
    await until(() => a.lease === undefined);
    release();
    await a.stop();
    expect(changes.find((change) => change.kind === "ended")).toMatchObject({ reason: "taken" });
    expect(target.applied).toHaveLength(0);
    const b = processor("b", 200);
    b.start();
    await until(() => target.applied.length === 5);
    expect(target.committers).toEqual(["b"]);
    await b.stop();
  });

  it("steps down on its own when renewals fail for longer than the TTL, and competes again", async () => {
    const { store, target, processor, leases, errors, changes } = setup();
    await append(store, 2);
    let failing = false;
    const flaky: LeaseStore = {
      acquire: (name, owner, ttlMs) => leases.acquire(name, owner, ttlMs),
      release: (lease) => leases.release(lease),
      renew: async (lease) => {
        if (failing) throw new Error("database unreachable");
        return leases.renew(lease);
      },
    };
    const a = processor("a", 150, { leases: flaky });
    a.start();
    await until(() => target.applied.length === 2);
    failing = true;
    await until(() => changes.some((change) => change.kind === "ended"));
    expect(changes.find((change) => change.kind === "ended")).toMatchObject({ reason: "expired" });
    expect(errors.some((error) => error instanceof Error && error.message === "database unreachable")).toBe(
      true,
    );
    failing = false;
    await until(() => changes.filter((change) => change.kind === "acquired").length === 2);
    await append(store, 1);
    await until(() => target.applied.length === 3);
    await a.stop();
    expect(errors.some((error) => isLedgerError(error) && error.code !== "lease-lost")).toBe(false);
  });

  it("refuses a heartbeat too slow for its TTL", () => {
    const { processor } = setup();
    expect(() => processor("a", 0)).toThrow(RangeError);
  });
});
