import { describe, expect, it } from "vitest";
import { migrateSchema } from "../src/schema/migrate.js";
import { MIGRATIONS } from "../src/schema/migrations.js";
import { BACKENDS } from "./support/backends.js";
import { testEvents } from "./support/events.js";

const shuffled = <T>(items: ReadonlyArray<T>): T[] => {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
};

for (const kind of BACKENDS) {
  describe.runIf(kind.enabled)(`PostgreSQL checkpoint store (${kind.name})`, () => {
    const backend = kind.setup();

    it("loads nothing for a reader that never saved, then exactly what was saved, per reader", async () => {
      const { checkpoints } = await backend.open();
      expect(await checkpoints.load("license-audit")).toBeUndefined();
      await checkpoints.save("license-audit", 42n);
      await checkpoints.save("apple-outbound", 7n);
      expect(await checkpoints.load("license-audit")).toBe(42n);
      expect(await checkpoints.load("apple-outbound")).toBe(7n);
      await checkpoints.save("license-audit", 43n);
      expect(await checkpoints.load("license-audit")).toBe(43n);
    });

    it("only moves forward: an older or equal save changes nothing, not even updated_at", async () => {
      const { checkpoints, schema } = await backend.open();
      await checkpoints.save("reader", 100n);
      const stamp = async () =>
        (await backend.sql(`SELECT updated_at::text AS at FROM "${schema}".checkpoints`))[0]?.at;
      const before = await stamp();
      await checkpoints.save("reader", 99n);
      await checkpoints.save("reader", 0n);
      await checkpoints.save("reader", 100n);
      expect(await checkpoints.load("reader")).toBe(100n);
      expect(await stamp()).toBe(before);
    });

    it("ends at the highest position whatever order concurrent saves land in", async () => {
      const { checkpoints } = await backend.open();
      for (let round = 0; round < 3; round++) {
        const positions = Array.from({ length: 40 }, (_, i) => BigInt(round * 100 + i));
        await Promise.all(shuffled(positions).map((position) => checkpoints.save("racing", position)));
        expect(await checkpoints.load("racing")).toBe(BigInt(round * 100 + 39));
      }
    });

    it("rewinds only through reset: the reader starts over, and any position may be saved again", async () => {
      const { checkpoints } = await backend.open();
      await checkpoints.save("projection", 500n);
      await checkpoints.save("other", 9n);
      await checkpoints.reset("projection");
      expect(await checkpoints.load("projection")).toBeUndefined();
      expect(await checkpoints.load("other")).toBe(9n);
      await checkpoints.save("projection", 3n);
      expect(await checkpoints.load("projection")).toBe(3n);
      await checkpoints.reset("never-saved");
    });

    it("keeps positions beyond 2^53 exact, up to the largest bigint column value", async () => {
      const { checkpoints } = await backend.open();
      const beyond = 9007199254740993n; // 2^53 + 1: not representable as a JS number
      await checkpoints.save("far", beyond);
      expect(await checkpoints.load("far")).toBe(beyond);
      await checkpoints.save("far", beyond + 2n);
      expect(await checkpoints.load("far")).toBe(beyond + 2n);
      const max = 2n ** 63n - 1n;
      await checkpoints.save("far", max);
      expect(await checkpoints.load("far")).toBe(max);
    });

    it("rejects bad input with a typed error before any SQL runs", async () => {
      const { checkpoints } = await backend.open();
      await expect(checkpoints.save("far", 2n ** 63n)).rejects.toThrow(RangeError);
      await expect(checkpoints.save("neg", -1n)).rejects.toThrow(/between 0n and 2\^63 - 1/);
      await expect(checkpoints.save("num", 5 as unknown as bigint)).rejects.toThrow(/must be a bigint/);
      await expect(checkpoints.load("")).rejects.toThrow(TypeError);
      await expect(checkpoints.save("x".repeat(257), 1n)).rejects.toThrow(/1-256 characters/);
      await expect(checkpoints.reset(undefined as unknown as string)).rejects.toThrow(TypeError);
      await expect(checkpoints.load("a\u0000b")).rejects.toThrow(TypeError);
    });

    it("keeps each schema's checkpoints to itself", async () => {
      const [a, b] = [await backend.open(), await backend.open()];
      await a.checkpoints.save("reader", 10n);
      expect(await b.checkpoints.load("reader")).toBeUndefined();
    });

    it("upgrades a schema at migration 1 in place: events kept, checkpoints usable", async () => {
      const storage = await backend.open({ migrate: false });
      await migrateSchema(backend.client, storage.schema, MIGRATIONS.slice(0, 1));
      await storage.store.appendToStream("kept", testEvents("before-upgrade", 3));
      // Before the upgrade the table is missing: a typed, non-retryable error naming the SQLSTATE.
      await expect(storage.checkpoints.load("reader")).rejects.toMatchObject({
        code: "store-unavailable",
        retryable: false,
        message: expect.stringContaining("42P01"),
      });
      expect(await storage.migrate()).toMatchObject({ from: 1, applied: [2, 3, 4, 5, 6] });
      expect(await storage.store.streamVersion("kept")).toBe(3n);
      await storage.checkpoints.save("reader", 3n);
      expect(await storage.checkpoints.load("reader")).toBe(3n);
    });
  });
}
