import { createVppLedger, StoreClosed } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { openStorage } from "../src/factory/storage.js";
import { createPostgresEventStore, type PostgresStorage } from "../src/index.js";
import type { SqlClient } from "../src/sql/client.js";
import { BACKENDS } from "./support/backends.js";
import { type CloseRace, raceClose, type TrackedCall } from "./support/close-race.js";
import { collect, testEvents } from "./support/events.js";
import { randomSchema } from "./support/random-schema.js";
import { dropSchema, PG_URL, testPool } from "./support/server.js";

const AT = "2026-11-25T12:00:00Z";
const admin = { kind: "admin", id: "admin-1" } as const;

const failureOf = (work: () => Promise<unknown>): Promise<unknown> =>
  work().then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error,
  );

/** A typed store-closed, from the core's own class: not retryable, and no driver message in sight. */
const expectStoreClosed = (error: unknown): void => {
  expect(error).toBeInstanceOf(StoreClosed);
  expect(error).toMatchObject({ code: "store-closed", retryable: false });
  expect((error as Error).message).not.toMatch(/Cannot use a pool|PGlite is closed/);
};

/** Every call of the race settled, as a success or StoreClosed, and close() waited for the admitted ones. */
const expectCleanRace = (race: CloseRace): void => {
  expect(race.unsettledAtClose).toEqual([]);
  expect(race.calls.every((c) => c.settled)).toBe(true);
  for (const failed of race.calls.filter((c) => c.error !== undefined)) expectStoreClosed(failed.error);
  for (const outcome of race.commands) if (outcome.status === "rejected") expectStoreClosed(outcome.reason);
  // Closed in the middle: some appends landed, later calls were refused.
  expect(race.appended.size).toBeGreaterThanOrEqual(5);
  expect(race.calls.some((c) => !c.beforeClose)).toBe(true);
  expect(race.calls.filter((c) => !c.beforeClose).every((c) => c.error instanceof StoreClosed)).toBe(true);
};

/** Nothing half-written: a stream holds both events exactly when its append resolved. */
const expectLogMatches = async (storage: PostgresStorage, race: CloseRace): Promise<void> => {
  for (const streamId of race.streams) {
    const events = await collect(storage.store.readStream(streamId));
    const result = race.appended.get(streamId);
    expect(
      events.map((e) => e.id),
      streamId,
    ).toEqual(result === undefined ? [] : testEvents(streamId, 2).map((e) => e.id));
  }
};

/** After close(), every operation of every store fails at once with StoreClosed. */
const expectAllRefused = async (storage: PostgresStorage): Promise<void> => {
  const { store, snapshots, checkpoints, parked } = storage;
  const [event] = testEvents("after-close");
  const operations: ReadonlyArray<() => Promise<unknown>> = [
    () => store.appendToStream("s", [event!]),
    () => collect(store.readStream("s")),
    () => collect(store.readAll()),
    () => store.streamVersion("s"),
    () => store.findEvent("s", event!.id),
    () => store.redactEvent("s", event!.id, {}),
    () => snapshots.load("s"),
    () => snapshots.save({ streamId: "s", streamVersion: 1n, schemaVersion: 1, state: {} }),
    () => checkpoints.load("r"),
    () => checkpoints.save("r", 1n),
    () => checkpoints.reset("r"),
    () => parked.list(),
    () => parked.release("r", "s"),
    () =>
      parked.park({
        reader: "r",
        streamId: "s",
        streamVersion: 1n,
        globalPosition: 1n,
        eventType: "Tested",
        field: "data",
        code: "corrupt-event",
        reason: "test",
      }),
    () => storage.migrate(),
  ];
  for (const operation of operations) expectStoreClosed(await failureOf(operation));
};

for (const kind of BACKENDS) {
  describe.runIf(kind.enabled)(`close() drains (${kind.name})`, () => {
    const backend = kind.setup();

    it("40 concurrent commands on all four stores, close() in the middle: each settles, as success or StoreClosed", async () => {
      const storage = await backend.open();
      const race = await raceClose(storage);
      expectCleanRace(race);
      await expectAllRefused(storage);
      await storage.close();
      const reopened = await backend.reopen(storage.schema);
      try {
        await expectLogMatches(reopened, race);
      } finally {
        await reopened.close();
      }
    }, 120_000);

    it("40 commands through the ledger, close() in the middle: each is Right or a store-closed Left, never thrown", async () => {
      const storage = await backend.open();
      const ledger = createVppLedger({
        store: storage.store,
        snapshots: storage.snapshots,
        snapshotEvery: 1,
      });
      const apps = Array.from({ length: 40 }, (_, i) => String(1000 + i));
      let settled = 0;
      let enough: () => void = () => undefined;
      const fiveSettled = new Promise<void>((resolve) => {
        enough = resolve;
      });
      const outcomes = Promise.all(
        apps.map(async (adamId, i) => {
          // Staggered, so close() finds commands at every stage: done, mid-way, not started.
          await new Promise((resolve) => setTimeout(resolve, i * 3));
          const outcome = await ledger.license(
            "acme",
            adamId,
            { type: "SyncPurchasedCount", data: { purchased: i + 1, at: AT } },
            { commandId: `sync-${adamId}`, actor: admin },
          );
          if (++settled >= 5) enough();
          return outcome;
        }),
      );
      await Promise.race([fiveSettled, outcomes]);
      await storage.close();
      const results = await outcomes;
      const rights = results.filter(E.isRight);
      expect(rights.length).toBeGreaterThanOrEqual(5);
      for (const result of results) {
        // A raw driver error would surface here as the handler's retryable store-unavailable.
        if (E.isLeft(result)) expect(result.left).toMatchObject({ code: "store-closed", retryable: false });
      }
      expect(results.some(E.isLeft)).toBe(true);
      const reopened = await backend.reopen(storage.schema);
      try {
        for (const [i, adamId] of apps.entries()) {
          const version = await reopened.store.streamVersion(`vpp-license:acme:${adamId}`);
          expect(version, adamId).toBe(E.isRight(results[i]!) ? 1n : 0n);
        }
      } finally {
        await reopened.close();
      }
    }, 120_000);

    it("a reader iterating when close() begins finishes its page, then gets StoreClosed", async () => {
      const storage = await backend.open();
      await storage.store.appendToStream("s", testEvents("paged", 3));
      const reader = storage.store.readAll({ batchSize: 1 })[Symbol.asyncIterator]();
      expect((await reader.next()).value).toMatchObject({ streamVersion: 1n });
      await storage.close();
      expectStoreClosed(await failureOf(() => reader.next()));
    });

    it("close() is idempotent: concurrent and later calls resolve, and end the connection once", async () => {
      let ends = 0;
      const counting: SqlClient = {
        query: (sql, params) => backend.client.query(sql, params),
        transaction: (work) => backend.client.transaction(work),
        close: async () => {
          ends++;
        },
      };
      const storage = await openStorage(counting, { schema: backend.freshSchema() });
      await Promise.all([storage.close(), storage.close(), storage.close()]);
      await storage.close();
      expect(ends).toBe(1);
      await expectAllRefused(storage);
    });

    // Last in the file: on PGlite the owning client is the file's shared instance, which this ends.
    it("with the connection owned, close() ends it once, after in-flight work settled; then every call is StoreClosed", async () => {
      const schema = backend.freshSchema();
      // A storage on a caller-owned client of the same database, opened first, to see what the driver says
      // once the connection is ended under it.
      const bystander = await openStorage({ ...backend.client, close: async () => undefined }, { schema });
      const owning = backend.owningClient();
      const calls: TrackedCall[] = [];
      let ends = 0;
      let unsettledWhenEnded: number | undefined;
      const storage = await openStorage(
        {
          query: (sql, params) => owning.query(sql, params),
          transaction: (work) => owning.transaction(work),
          close: async () => {
            ends++;
            unsettledWhenEnded = calls.filter((c) => c.beforeClose && !c.settled).length;
            await owning.close();
          },
        },
        { schema, migrate: false },
      );
      const race = await raceClose(storage, { prefix: "owned", calls });
      expect(ends).toBe(1);
      expect(unsettledWhenEnded).toBe(0);
      expectCleanRace(race);
      await expectAllRefused(storage);
      if (kind.name === "PGlite") {
        // The shared instance is gone: a storage over it reports StoreClosed, not "PGlite is closed".
        await expectAllRefused(bystander);
      } else {
        await expectLogMatches(bystander, race);
      }
      await bystander.close();
    }, 120_000);
  });
}

describe.runIf(PG_URL !== undefined)("a caller-owned pool ended under the store (PostgreSQL server)", () => {
  it("every operation then fails with StoreClosed, not the driver's raw error, and close() still resolves", async () => {
    const pool = testPool(2);
    const schema = randomSchema("ended");
    const storage = await createPostgresEventStore({ pool, schema });
    await storage.store.appendToStream("s", testEvents("before-end", 1));
    await dropSchema(pool, schema);
    await pool.end();
    await expectAllRefused(storage);
    await storage.close();
  });
});
