import { describe, expect, it } from "vitest";
import type { SqlExecutor } from "../src/sql/client.js";
import { PostgresEventStore } from "../src/store/postgres-event-store.js";
import { BACKENDS } from "./support/backends.js";
import { collect, testEvents } from "./support/events.js";

for (const kind of BACKENDS) {
  describe.runIf(kind.enabled)(`PostgreSQL event store specifics (${kind.name})`, () => {
    const backend = kind.setup();

    it("keeps positions and versions beyond 2^53 exact: int8 travels as text and becomes bigint", async () => {
      const { store, schema } = await backend.open();
      const big = 9007199254740993n; // 2^53 + 1: not representable as a JS number
      await backend.sql(`ALTER TABLE "${schema}".events ALTER COLUMN global_position RESTART WITH ${big}`);
      await backend.sql(`INSERT INTO "${schema}".streams (stream_id, version) VALUES ('long', ${big - 1n})`);
      const result = await store.appendToStream("long", testEvents("big", 2), { expectedVersion: big - 1n });
      expect(result).toEqual({ nextExpectedVersion: big + 1n, lastGlobalPosition: big + 1n, written: true });
      const read = await collect(store.readAll({ after: big - 1n }));
      expect(read.map((e) => [e.globalPosition, e.streamVersion])).toEqual([
        [big, big],
        [big + 1n, big + 1n],
      ]);
      expect(await store.streamVersion("long")).toBe(big + 1n);
    });

    it("reads in bounded pages: no query returns more rows than the batch size", async () => {
      const { schema } = await backend.open();
      const pages: number[] = [];
      const counting: SqlExecutor = {
        query: async (sql, params) => {
          const rows = await backend.client.query(sql, params);
          if (sql.includes("ORDER BY")) pages.push(rows.length);
          return rows;
        },
      };
      const store = new PostgresEventStore(counting, schema);
      await store.appendToStream("s", testEvents("many", 25));
      expect(await collect(store.readStream("s", { batchSize: 4 }))).toHaveLength(25);
      expect(pages).toEqual([4, 4, 4, 4, 4, 4, 1]);
      pages.length = 0;
      expect(await collect(store.readAll({ batchSize: 5, after: 3n }))).toHaveLength(22);
      expect(pages).toEqual([5, 5, 5, 5, 2]);
    });

    it("writes one append in one transaction, and each append in its own", async () => {
      const { store, schema } = await backend.open();
      await store.appendToStream("s", testEvents("first", 3));
      await store.appendToStream("s", testEvents("second", 2));
      const rows = await backend.sql(
        `SELECT count(DISTINCT transaction_id)::int AS transactions, count(*)::int AS events FROM "${schema}".events
          GROUP BY (data->>'commandId') ORDER BY 2 DESC`,
      );
      expect(rows).toEqual([
        { transactions: 1, events: 3 },
        { transactions: 1, events: 2 },
      ]);
      const distinct = await backend.sql(
        `SELECT count(DISTINCT transaction_id)::int AS n FROM "${schema}".events`,
      );
      expect(distinct[0]?.n).toBe(2);
    });

    it("leaves nothing behind when an append is refused: no events, no stream row", async () => {
      const { store, schema } = await backend.open();
      await expect(
        store.appendToStream("ghost", testEvents("g", 2), { expectedVersion: "stream_exists" }),
      ).rejects.toMatchObject({ code: "wrong-expected-version", actual: 0n });
      expect(await backend.sql(`SELECT * FROM "${schema}".streams`)).toEqual([]);
      expect(await backend.sql(`SELECT * FROM "${schema}".events`)).toEqual([]);
    });

    it("refuses JSON that PostgreSQL cannot store (\\u0000) as a typed, non-retryable error, writing nothing", async () => {
      const { store, snapshots } = await backend.open();
      const [event] = testEvents("nul");
      await expect(
        store.appendToStream("s", [{ ...event!, data: { name: "a\u0000b" } }]),
      ).rejects.toMatchObject({
        code: "invalid-event",
        retryable: false,
        path: "data.name",
      });
      expect(await store.streamVersion("s")).toBe(0n);
      await expect(
        snapshots.save({ streamId: "s", streamVersion: 1n, schemaVersion: 1, state: { x: "\u0000" } }),
      ).rejects.toMatchObject({ code: "snapshot-invalid", retryable: false });
    });

    it("finds an event by id through the index, only in its own stream", async () => {
      const { store } = await backend.open();
      const events = testEvents("find", 2);
      await store.appendToStream("s", events);
      expect(await store.findEvent("s", events[1]!.id)).toMatchObject({
        streamVersion: 2n,
        id: events[1]!.id,
      });
      expect(await store.findEvent("other", events[1]!.id)).toBeUndefined();
      expect(await store.findEvent("s", "not-a-uuid")).toBeUndefined();
    });

    it("never lets an older snapshot replace a newer one, whatever order concurrent saves land in", async () => {
      const { snapshots } = await backend.open();
      const versions = [7n, 3n, 12n, 1n, 9n, 12n, 2n, 11n];
      await Promise.all(
        versions.map((v) =>
          snapshots.save({ streamId: "s", streamVersion: v, schemaVersion: 1, state: { v: `${v}` } }),
        ),
      );
      expect(await snapshots.load("s")).toEqual({
        streamId: "s",
        streamVersion: 12n,
        schemaVersion: 1,
        state: { v: "12" },
      });
      await snapshots.save({ streamId: "s", streamVersion: 12n, schemaVersion: 2, state: { v: "12b" } });
      expect(await snapshots.load("s")).toMatchObject({ schemaVersion: 2, state: { v: "12b" } });
    });

    it("reports a snapshot row edited into a bad shape as snapshot-invalid, so the handler rebuilds from events", async () => {
      const { snapshots, schema } = await backend.open();
      await snapshots.save({ streamId: "s", streamVersion: 4n, schemaVersion: 1, state: {} });
      await backend.sql(`ALTER TABLE "${schema}".snapshots ALTER COLUMN schema_version DROP NOT NULL`);
      await backend.sql(`UPDATE "${schema}".snapshots SET schema_version = NULL`);
      await expect(snapshots.load("s")).rejects.toMatchObject({ code: "snapshot-invalid" });
    });
  });
}
