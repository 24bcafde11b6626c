import { type AppendResult, isLedgerError, type LedgerError } from "@vpp-ledger/core";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresEventStore, type PostgresStorage } from "../src/index.js";
import { collect, testEvents } from "./support/events.js";
import { holdAppend } from "./support/held-append.js";
import { randomSchema } from "./support/random-schema.js";
import { dropSchema, PG_URL, testPool } from "./support/server.js";

const failureOf = async (work: Promise<unknown>): Promise<LedgerError> => {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isLedgerError(error)).toBe(true);
  return error as LedgerError;
};

/** Polls until `find` returns a value (a backend that reached a lock wait, say). */
const eventually = async <T>(find: () => Promise<T | undefined>): Promise<T> => {
  for (let attempt = 0; attempt < 200; attempt++) {
    const found = await find();
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error("condition not reached in 5 s");
};

describe.runIf(PG_URL)("faults on a real server", () => {
  let admin: pg.Pool;
  let storage: PostgresStorage;
  let schema: string;
  beforeAll(async () => {
    admin = testPool(4);
    schema = randomSchema("fault");
    storage = await createPostgresEventStore({ pool: admin, schema });
  });
  afterAll(async () => {
    await dropSchema(admin, schema);
    await admin.end();
  });

  const terminate = (pid: number) => admin.query("SELECT pg_terminate_backend($1)", [pid]);

  it("a backend killed mid-append leaves no partial write, reports a retryable StoreUnavailable, and a retry succeeds", async () => {
    const { store } = storage;
    const events = testEvents("killed-mid-append", 3);
    const held = await holdAppend(admin, schema, "killed", events, "no_stream");
    await terminate(held.pid);
    const error = await failureOf(held.commit());
    expect(error.code).toBe("store-unavailable");
    expect(error.retryable).toBe(true);
    expect(await store.streamVersion("killed")).toBe(0n);
    expect((await collect(store.readAll())).filter((e) => e.streamId === "killed")).toEqual([]);
    expect((await admin.query(`SELECT 1 FROM "${schema}".streams WHERE stream_id = 'killed'`)).rows).toEqual(
      [],
    );
    const retried = await store.appendToStream("killed", events, { expectedVersion: "no_stream" });
    expect(retried).toMatchObject({ nextExpectedVersion: 3n, written: true });
    expect((await collect(store.readStream("killed"))).map((e) => e.id)).toEqual(events.map((e) => e.id));
  });

  it("an append whose backend is killed while it waits for the stream lock fails retryable, and writes nothing", async () => {
    const { store } = storage;
    const first = testEvents("holder", 1);
    const second = testEvents("waiter", 2);
    const held = await holdAppend(admin, schema, "contended", first, "no_stream");
    // Observed from the start: the kill can reject it while terminate() is still awaiting its own answer.
    const waiting = failureOf(store.appendToStream("contended", second, { expectedVersion: "no_stream" }));
    const waiter = await eventually(async () => {
      const rows = await admin.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
          WHERE wait_event_type = 'Lock' AND pid <> $1 AND query LIKE $2`,
        [held.pid, `%"${schema}".append_to_stream%`],
      );
      return rows.rows[0]?.pid;
    });
    await terminate(waiter);
    const error = await waiting;
    expect(error).toMatchObject({ code: "store-unavailable", retryable: true });
    expect(await held.commit()).toMatchObject({ nextExpectedVersion: 1n, written: true });
    // The retry meets the holder's committed event: a conflict carrying the actual version, then success.
    expect(
      await failureOf(store.appendToStream("contended", second, { expectedVersion: "no_stream" })),
    ).toMatchObject({ code: "wrong-expected-version", actual: 1n });
    expect(await store.appendToStream("contended", second, { expectedVersion: 1n })).toMatchObject({
      nextExpectedVersion: 3n,
      written: true,
    });
  });

  it("every pooled connection killed between operations: appends recover through retries, exactly once", async () => {
    const application = `vpp-fault-${schema}`;
    const pool = new pg.Pool({ connectionString: PG_URL, max: 3, application_name: application });
    pool.on("error", () => undefined);
    try {
      const { store } = await createPostgresEventStore({ pool, schema, migrate: false });
      await Promise.all([1, 2, 3].map(() => pool.query("SELECT pg_sleep(0.05)")));
      const killed = await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1",
        [application],
      );
      expect(killed.rows).toHaveLength(3);
      const events = testEvents("after-kill", 2);
      const append = async (attempt = 1): Promise<AppendResult> => {
        try {
          return await store.appendToStream("recovering", events, { expectedVersion: "no_stream" });
        } catch (error) {
          if (attempt < 5 && isLedgerError(error, "store-unavailable")) return append(attempt + 1);
          throw error;
        }
      };
      expect(await append()).toMatchObject({ nextExpectedVersion: 2n });
      expect(await collect(store.readStream("recovering"))).toHaveLength(2);
    } finally {
      await pool.end();
    }
  });

  it("with lock_timeout set, an append stuck behind a held transaction gives up retryable, writing nothing", async () => {
    const pool = new pg.Pool({ connectionString: PG_URL, max: 1, options: "-c lock_timeout=200" });
    pool.on("error", () => undefined);
    const held = await holdAppend(admin, schema, "stuck", testEvents("stuck-holder", 1), "no_stream");
    try {
      const { store } = await createPostgresEventStore({ pool, schema, migrate: false });
      const error = await failureOf(
        store.appendToStream("stuck", testEvents("stuck-waiter", 1), { expectedVersion: "any" }),
      );
      expect(error).toMatchObject({ code: "store-unavailable", retryable: true });
      expect(await held.commit()).toMatchObject({ nextExpectedVersion: 1n });
      expect(await store.appendToStream("stuck", testEvents("stuck-waiter", 1))).toMatchObject({
        nextExpectedVersion: 2n,
      });
    } finally {
      await pool.end();
    }
  });

  it("a server that cannot be reached is a retryable StoreUnavailable when opening", async () => {
    const opening = createPostgresEventStore({
      connectionString: "postgres://postgres@127.0.0.1:1/none",
      schema: "x",
    });
    const error = await failureOf(opening);
    expect(error).toMatchObject({ code: "store-unavailable", retryable: true });
    expect(error.message).not.toContain("postgres://");
  });
});
