import { WrongExpectedVersion } from "@vpp-ledger/core";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { appendChannel, createPostgresEventStore } from "../src/index.js";
import { migrateSchema } from "../src/schema/migrate.js";
import { MIGRATIONS } from "../src/schema/migrations.js";
import { appendEvents } from "../src/store/append.js";
import { BACKENDS } from "./support/backends.js";
import { testEvents } from "./support/events.js";
import { holdAppend } from "./support/held-append.js";
import { randomSchema } from "./support/random-schema.js";
import { PG_URL, testPool } from "./support/server.js";

const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

for (const kind of BACKENDS) {
  describe.runIf(kind.enabled)(`append notifications and the head (${kind.name})`, () => {
    const backend = kind.setup();

    it("headPosition is 0n on an empty log, then the last position written", async () => {
      const { store } = await backend.open();
      expect(await store.headPosition()).toBe(0n);
      await store.appendToStream("a", testEvents("head-1", 2));
      const last = await store.appendToStream("b", testEvents("head-2", 3));
      expect(await store.headPosition()).toBe(last.lastGlobalPosition);
    });

    it("wakes subscribers once when listening starts and once per append that wrote; never for a refused, retried or empty append", async () => {
      const { store, wakeup } = await backend.open();
      let wakes = 0;
      const unsubscribe = wakeup.subscribe(() => wakes++);
      await settle();
      expect(wakes).toBe(1);
      await store.appendToStream("s", testEvents("wake-1", 2));
      await store.appendToStream("s", testEvents("wake-2", 1));
      await settle();
      expect(wakes).toBe(3);
      await expect(store.appendToStream("s", testEvents("wake-3"), { expectedVersion: 1n })).rejects.toThrow(
        WrongExpectedVersion,
      );
      expect(await store.appendToStream("s", testEvents("wake-2", 1))).toMatchObject({ written: false });
      await store.appendToStream("s", []);
      await settle();
      expect(wakes).toBe(3);
      unsubscribe();
      await store.appendToStream("s", testEvents("wake-4"));
      await settle();
      expect(wakes).toBe(3);
    });

    it("a schema at migration 3 gains notifications on migrate(), and its appends go on", async () => {
      const storage = await backend.open({ migrate: false });
      await migrateSchema(backend.client, storage.schema, MIGRATIONS.slice(0, 3));
      await storage.store.appendToStream("kept", testEvents("before-v4", 2));
      expect(await storage.migrate()).toMatchObject({ from: 3, applied: [4, 5, 6] });
      let wakes = 0;
      storage.wakeup.subscribe(() => wakes++);
      await settle();
      const result = await storage.store.appendToStream("kept", testEvents("after-v4"), {
        expectedVersion: 2n,
      });
      await settle();
      expect(result).toMatchObject({ nextExpectedVersion: 3n, written: true });
      expect(wakes).toBe(2);
    });
  });
}

describe.runIf(PG_URL !== undefined)("append notifications on a server", () => {
  it("arrive at commit, carry the last position written, and never come from a rolled-back append", async () => {
    const pool = testPool(4);
    const storage = await createPostgresEventStore({ pool, schema: randomSchema() });
    const listener = new pg.Client({ connectionString: PG_URL });
    await listener.connect();
    const payloads: string[] = [];
    listener.on("notification", (message) => payloads.push(message.payload ?? ""));
    await listener.query(`LISTEN ${appendChannel(storage.schema)}`);
    try {
      const held = await holdAppend(pool, storage.schema, "held", testEvents("held", 3), "no_stream");
      await settle(200);
      expect(payloads).toEqual([]);
      const result = await held.commit();
      await settle(200);
      expect(payloads).toEqual([result.lastGlobalPosition.toString()]);
      await expect(
        storage.transaction(async (tx) => {
          await appendEvents(tx, storage.schema, "rolled-back", testEvents("rolled-back"), "any");
          throw new Error("abandon the transaction");
        }),
      ).rejects.toThrow("abandon");
      await settle(200);
      expect(payloads).toHaveLength(1);
    } finally {
      await listener.end();
      await storage.transaction((tx) => tx.query(`DROP SCHEMA "${storage.schema}" CASCADE`));
      await storage.close();
      await pool.end();
    }
  });
});
