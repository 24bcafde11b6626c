import { describe, expect, it } from "vitest";
import { ensureAppleBudgetSchema, PostgresAppleBudget, PostgresSyncCursorStore } from "../src/index.js";
import type { SqlClient } from "../src/sql/client.js";
import { BACKENDS } from "./support/backends.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The most acquisitions within any `windowMs` span. */
const peak = (times: ReadonlyArray<number>, windowMs: number): number => {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < sorted.length; j++) {
    while ((sorted[j] ?? 0) - (sorted[i] ?? 0) >= windowMs) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
};

for (const kind of BACKENDS) {
  describe.runIf(kind.enabled)(`Apple request budget across processes (${kind.name})`, () => {
    const backend = kind.setup();
    /** A second host process: on the server its own pool (its own connections); PGlite has one instance. */
    const otherProcess = (): { client: SqlClient; done: () => Promise<void> } => {
      if (kind.name === "PGlite") return { client: backend.client, done: async () => undefined };
      const client = backend.owningClient();
      return { client, done: () => client.close() };
    };
    const fresh = async () => {
      const schema = backend.freshSchema();
      await ensureAppleBudgetSchema(backend.client, schema);
      return schema;
    };

    it("two processes sharing a token never send more than maxRequestPerSecond in any window", async () => {
      const schema = await fresh();
      const other = otherProcess();
      const a = new PostgresAppleBudget(backend.client, { schema, windowMs: 400 });
      const b = new PostgresAppleBudget(other.client, { schema, windowMs: 400 });
      const sent: number[] = [];
      const request = async (budget: PostgresAppleBudget) => {
        const release = await budget.forToken("sha256:shared").acquire(3, Date.now() + 20_000);
        expect(release).toBeDefined();
        sent.push(Date.now());
        await sleep(5);
        release?.();
      };
      const started = Date.now();
      await Promise.all(Array.from({ length: 12 }, (_, i) => request(i % 2 ? a : b)));
      await other.done();
      expect(sent).toHaveLength(12);
      // The rows are the only shared state: 12 requests at 3 per 400 ms window need at least 3 more windows.
      expect(peak(sent, 400)).toBeLessThanOrEqual(3);
      expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 400);
    }, 30_000);

    it("another token has a budget of its own", async () => {
      const schema = await fresh();
      const budget = new PostgresAppleBudget(backend.client, { schema, windowMs: 60_000 });
      const first = await budget.forToken("sha256:one").acquire(1, Date.now() + 1_000);
      const second = await budget.forToken("sha256:two").acquire(1, Date.now() + 1_000);
      expect(first).toBeDefined();
      expect(second).toBeDefined();
    });

    it("answers at once (undefined) when a slot could open only after the deadline", async () => {
      const schema = await fresh();
      const budget = new PostgresAppleBudget(backend.client, { schema, windowMs: 60_000 });
      const slots = budget.forToken("sha256:t");
      (await slots.acquire(1, Date.now() + 1_000))?.();
      await sleep(20);
      const started = Date.now();
      expect(await slots.acquire(1, Date.now() + 500)).toBeUndefined();
      expect(Date.now() - started).toBeLessThan(400);
    });

    it("a slot a dead process never released comes back after abandonedAfterMs", async () => {
      const schema = await fresh();
      const budget = new PostgresAppleBudget(backend.client, { schema, abandonedAfterMs: 300 });
      const slots = budget.forToken("sha256:t");
      expect(await slots.acquire(1, Date.now() + 1_000)).toBeDefined(); // never released
      const started = Date.now();
      const next = await slots.acquire(1, Date.now() + 5_000);
      expect(next).toBeDefined();
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    });

    it("sync cursors round-trip, keep only their known fields, and are created once by concurrent openers", async () => {
      const schema = backend.freshSchema();
      await Promise.all(Array.from({ length: 4 }, () => ensureAppleBudgetSchema(backend.client, schema)));
      const cursors = new PostgresSyncCursorStore(backend.client, schema);
      expect(await cursors.load("acme")).toBeUndefined();
      await cursors.save("acme", {
        usersVersionId: "u1",
        assignmentsVersionId: "a1",
        fullAt: "2026-06-01T00:00:00Z",
      });
      await cursors.save("acme", { usersVersionId: "u2", assignmentsVersionId: "a2" });
      expect(await cursors.load("acme")).toEqual({ usersVersionId: "u2", assignmentsVersionId: "a2" });
      await backend.sql(
        `UPDATE "${schema}".apple_sync_cursors SET cursor = '{"usersVersionId": 7, "extra": "x", "fullAt": "t"}'`,
      );
      expect(await cursors.load("acme")).toEqual({ fullAt: "t" });
      expect(() => new PostgresSyncCursorStore(backend.client, 'x"; DROP TABLE y; --')).toThrow(TypeError);
    });
  });
}
