import {
  InMemoryParkedStreamStore,
  isLedgerError,
  type LedgerEvent,
  LedgerLogReader,
  type ProcessorLease,
} from "@vpp-ledger/core";
import { poolEvent } from "@vpp-ledger/core/testing";
import { describe, expect, it } from "vitest";
import { assertLeaseHeld, createPostgresEventStore, transactionalSink } from "../src/index.js";
import { BACKENDS } from "./support/backends.js";
import { randomSchema } from "./support/random-schema.js";
import { dropSchema, PG_URL, testPool } from "./support/server.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const leaseOf = async (attempt: Promise<unknown>): Promise<ProcessorLease> => {
  const result = (await attempt) as { kind: string; lease?: ProcessorLease };
  if (result.kind !== "acquired" || result.lease === undefined) throw new Error("lease not acquired");
  return result.lease;
};

for (const kind of BACKENDS) {
  describe.runIf(kind.enabled)(`PostgreSQL leases (${kind.name})`, () => {
    const backend = kind.setup();

    it("a free lease is taken at epoch 1; another owner is told who holds it and for how long", async () => {
      const { leases } = await backend.open();
      const lease = await leaseOf(leases.acquire("console", "host-a", 5_000));
      expect(lease).toEqual({ name: "console", owner: "host-a", epoch: 1n, ttlMs: 5_000 });
      const held = await leases.acquire("console", "host-b", 5_000);
      expect(held).toMatchObject({ kind: "held", owner: "host-a" });
      expect(held.kind === "held" && held.expiresInMs > 4_000 && held.expiresInMs <= 5_000).toBe(true);
      expect(await leases.acquire("other", "host-b", 5_000)).toMatchObject({ kind: "acquired" });
    });

    it("renewing keeps the term; an expired lease goes to the next owner at a higher epoch, and the old owner's renewal is refused", async () => {
      const { leases } = await backend.open();
      const first = await leaseOf(leases.acquire("p", "host-a", 100));
      expect(await leases.renew(first)).toBe(true);
      expect(await leaseOf(leases.acquire("p", "host-a", 100))).toMatchObject({ epoch: 1n });
      await sleep(150);
      // Expired but taken by nobody: the term is still the current one, so renewing it is safe.
      expect(await leases.renew(first)).toBe(true);
      await sleep(150);
      const second = await leaseOf(leases.acquire("p", "host-b", 100));
      expect(second.epoch).toBe(2n);
      expect(await leases.renew(first)).toBe(false);
      await leases.release(first);
      expect(await leases.acquire("p", "host-a", 100)).toMatchObject({ kind: "held", owner: "host-b" });
    });

    it("release ends the term at once: the next owner gets it at epoch + 1, and epochs never go back", async () => {
      const { leases, schema } = await backend.open();
      const first = await leaseOf(leases.acquire("p", "host-a", 60_000));
      await leases.release(first);
      expect(await leaseOf(leases.acquire("p", "host-b", 60_000))).toMatchObject({ epoch: 2n });
      expect(await backend.sql(`SELECT count(*)::int AS n FROM "${schema}".leases`)).toEqual([{ n: 1 }]);
    });

    it("fencing: a batch under a lease that changed hands is refused with LeaseLost, and nothing of it is written", async () => {
      const storage = await backend.open();
      await storage.transaction((tx) => tx.query(`CREATE TABLE "${storage.schema}".seen (id text)`));
      const sink = transactionalSink(storage, {
        name: "console",
        apply: async (tx, batch) => {
          for (const event of batch.events) {
            await tx.query(`INSERT INTO "${storage.schema}".seen VALUES ($1)`, [event.place.eventId]);
          }
        },
      });
      const old = await leaseOf(storage.leases.acquire("console", "host-a", 50));
      await sleep(100);
      await leaseOf(storage.leases.acquire("console", "host-b", 60_000));
      await storage.store.appendToStream("vpp-license:fence:1001", [poolEvent("fence", 1)]);
      const reader = new LedgerLogReader(storage.store, {
        reader: "console",
        parked: new InMemoryParkedStreamStore(),
      });
      const events: LedgerEvent[] = [];
      for await (const entry of reader.entries()) if (entry.kind === "event") events.push(entry.event);
      const failure = await sink
        .commit({ events, position: 1n, lease: old })
        .catch((error: unknown) => error);
      expect(isLedgerError(failure, "lease-lost")).toBe(true);
      expect(await backend.sql(`SELECT count(*)::int AS n FROM "${storage.schema}".seen`)).toEqual([
        { n: 0 },
      ]);
      expect(await storage.checkpoints.load("console")).toBeUndefined();
    });

    it("rejects bad names, owners, TTLs and leases before any SQL", async () => {
      const { leases } = await backend.open();
      await expect(leases.acquire("", "a", 1_000)).rejects.toThrow(TypeError);
      await expect(leases.acquire("p", "a\u0000", 1_000)).rejects.toThrow(TypeError);
      await expect(leases.acquire("p", "a", 0)).rejects.toThrow(RangeError);
      await expect(leases.acquire("p", "a", 1.5)).rejects.toThrow(RangeError);
      await expect(leases.renew({ name: "p", owner: "a", epoch: 0n, ttlMs: 1_000 })).rejects.toThrow(
        TypeError,
      );
    });
  });
}

describe.runIf(PG_URL !== undefined)("PostgreSQL leases on a server", () => {
  it("a takeover waits for a commit in flight under the old lease; the new owner then reads its checkpoint", async () => {
    const pool = testPool(4);
    const storage = await createPostgresEventStore({ pool, schema: randomSchema() });
    try {
      const old = await leaseOf(storage.leases.acquire("p", "host-a", 50));
      let finish: () => void = () => undefined;
      const inFlight = storage.transaction(async (tx) => {
        await assertLeaseHeld(tx, storage.schema, old);
        await tx.query(`INSERT INTO "${storage.schema}".checkpoints (name, position) VALUES ('p', 42)`);
        await new Promise<void>((resolve) => {
          finish = resolve;
        });
      });
      await sleep(150);
      let takenAt = 0;
      const takeover = leaseOf(storage.leases.acquire("p", "host-b", 60_000)).then((lease) => {
        takenAt = Date.now();
        return lease;
      });
      await sleep(300);
      expect(takenAt).toBe(0);
      const committedAt = Date.now();
      finish();
      await inFlight;
      expect((await takeover).epoch).toBe(2n);
      expect(takenAt).toBeGreaterThanOrEqual(committedAt);
      expect(await storage.checkpoints.load("p")).toBe(42n);
    } finally {
      await storage.close();
      await dropSchema(pool, storage.schema);
      await pool.end();
    }
  });
});
