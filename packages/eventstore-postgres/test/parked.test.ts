import { InMemoryParkedStreamStore, type ParkedStream, type ParkedStreamStore } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { migrateSchema } from "../src/schema/migrate.js";
import { MIGRATIONS } from "../src/schema/migrations.js";
import { BACKENDS } from "./support/backends.js";

const parked = (
  reader: string,
  streamId: string,
  globalPosition: bigint,
  extra: Partial<ParkedStream> = {},
) => ({
  reader,
  streamId,
  streamVersion: 3n,
  globalPosition,
  eventType: "LicenseAssigned",
  field: "data.userId",
  code: "corrupt-event",
  reason: "data.userId must be an Identifier; add an upcaster or redact the event",
  ...extra,
});

/** The same calls on any store, answering what each list call returned. */
const scenario = async (store: ParkedStreamStore): Promise<ReadonlyArray<ReadonlyArray<ParkedStream>>> => {
  await store.park(parked("outbound", "vpp-license:t1:1", 40n));
  await store.park(parked("audit", "vpp-license:t1:1", 40n));
  await store.park(parked("outbound", "vpp-account:t2", 12n, { streamVersion: 1n, field: "metadata" }));
  await store.park(parked("outbound", "vpp-license:t1:1", 55n, { streamVersion: 4n }));
  const before = [await store.list(), await store.list("outbound"), await store.list("audit")];
  await store.release("outbound", "vpp-license:t1:1");
  await store.release("outbound", "never-parked");
  await store.park(parked("outbound", "vpp-license:t1:1", 70n, { streamVersion: 9n }));
  return [...before, await store.list(), await store.list("nobody")];
};

for (const kind of BACKENDS) {
  describe.runIf(kind.enabled)(`PostgreSQL parked stream store (${kind.name})`, () => {
    const backend = kind.setup();

    it("R24: round trip: every field comes back as parked, bigints exact beyond 2^53, listed per reader", async () => {
      const { parked: store } = await backend.open();
      const far = parked("outbound", "vpp-license:t1:9", 9007199254740993n, {
        streamVersion: 2n ** 63n - 1n,
      });
      await store.park(far);
      await store.park(parked("audit", "vpp-license:t1:9", 5n));
      expect(await store.list("outbound")).toEqual([far]);
      expect(await store.list()).toEqual([parked("audit", "vpp-license:t1:9", 5n), far]);
      expect(await store.list("projection")).toEqual([]);
    });

    it("keeps the first entry per (reader, stream): parking again, even at a later event, changes nothing", async () => {
      const { parked: store, schema } = await backend.open();
      const first = parked("outbound", "s", 10n);
      await store.park(first);
      await store.park(parked("outbound", "s", 11n, { streamVersion: 4n, reason: "later event" }));
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.park(parked("outbound", "s", BigInt(20 + i)))),
      );
      expect(await store.list()).toEqual([first]);
      const rows = await backend.sql(`SELECT count(*)::int AS n FROM "${schema}".parked_streams`);
      expect(rows[0]?.n).toBe(1);
    });

    it("releases one (reader, stream) only; releasing what is not parked is fine; parking again starts afresh", async () => {
      const { parked: store } = await backend.open();
      await store.park(parked("outbound", "a", 1n));
      await store.park(parked("audit", "a", 1n));
      await store.park(parked("outbound", "b", 2n));
      await store.release("outbound", "a");
      await store.release("outbound", "a");
      await store.release("nobody", "z");
      expect((await store.list()).map((e) => [e.reader, e.streamId])).toEqual([
        ["audit", "a"],
        ["outbound", "b"],
      ]);
      await store.park(parked("outbound", "a", 9n, { streamVersion: 7n }));
      expect(await store.list("outbound")).toEqual([
        parked("outbound", "b", 2n),
        parked("outbound", "a", 9n, { streamVersion: 7n }),
      ]);
    });

    it("lists by global position, ties in parking order, exactly as the core's in-memory store", async () => {
      const { parked: store } = await backend.open();
      const expected = await scenario(new InMemoryParkedStreamStore());
      expect(await scenario(store)).toEqual(expected);
      expect(expected[0]!.map((e) => [e.reader, e.globalPosition])).toEqual([
        ["outbound", 12n],
        ["outbound", 40n],
        ["audit", 40n],
      ]);
    });

    it("survives reopening the storage (a restarted process): the entries, and the first-entry rule", async () => {
      const first = await backend.open();
      await first.parked.park(parked("outbound", "kept", 8n));
      const second = await backend.reopen(first.schema);
      try {
        expect(await second.parked.list()).toEqual([parked("outbound", "kept", 8n)]);
        await second.parked.park(parked("outbound", "kept", 9n));
        expect(await second.parked.list("outbound")).toEqual([parked("outbound", "kept", 8n)]);
      } finally {
        await second.close();
      }
    });

    it("rejects bad entries before any SQL, naming the field and never the value", async () => {
      const { parked: store } = await backend.open();
      const bad: Array<[Partial<ParkedStream>, RegExp, ErrorConstructor]> = [
        [{ reader: "" }, /reader must be a string of 1-256 characters/, TypeError],
        [{ reader: "x".repeat(257) }, /1-256 characters/, TypeError],
        [{ streamId: "" }, /streamId/, TypeError],
        [{ streamId: "secret\u0000" }, /streamId holds a \\u0000 character/, TypeError],
        [{ reason: "secret\uD800" }, /reason holds an unpaired surrogate/, TypeError],
        [{ eventType: 7 as unknown as string }, /eventType must be a string/, TypeError],
        [{ streamVersion: 0n }, /streamVersion must be between 1n and 2\^63 - 1/, RangeError],
        [{ globalPosition: 2n ** 63n }, /globalPosition must be between 0n/, RangeError],
        [{ globalPosition: 5 as unknown as bigint }, /globalPosition must be a bigint/, TypeError],
      ];
      for (const [change, message, type] of bad) {
        const failure = await store.park(parked("outbound", "s", 1n, change)).catch((e: unknown) => e);
        expect(failure, message.source).toBeInstanceOf(type);
        expect((failure as Error).message).toMatch(message);
        expect((failure as Error).message).not.toContain("secret");
      }
      await expect(store.list("")).rejects.toThrow(TypeError);
      await expect(store.release("outbound", "a\u0000b")).rejects.toThrow(TypeError);
      expect(await store.list()).toEqual([]);
    });

    it("upgrades a schema at migration 2 in place: checkpoints kept, parked streams usable", async () => {
      const storage = await backend.open({ migrate: false });
      await migrateSchema(backend.client, storage.schema, MIGRATIONS.slice(0, 2));
      await storage.checkpoints.save("outbound", 41n);
      await expect(storage.parked.list()).rejects.toMatchObject({
        code: "store-unavailable",
        retryable: false,
      });
      expect(await storage.migrate()).toMatchObject({ from: 2, applied: [3, 4, 5, 6] });
      expect(await storage.checkpoints.load("outbound")).toBe(41n);
      await storage.parked.park(parked("outbound", "s", 42n));
      expect(await storage.parked.list("outbound")).toHaveLength(1);
    });
  });
}
