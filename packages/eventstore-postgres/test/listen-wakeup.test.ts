import {
  InMemoryCheckpointStore,
  InMemoryParkedStreamStore,
  LiveProcessor,
  LogProcessor,
} from "@vpp-ledger/core";
import { appendPool, eventually, recordingSink } from "@vpp-ledger/core/testing";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appendChannel,
  createPostgresEventStore,
  PgListenWakeup,
  type PostgresStorage,
} from "../src/index.js";
import { randomSchema } from "./support/random-schema.js";
import { dropSchema, PG_URL, testPool } from "./support/server.js";

describe.runIf(PG_URL !== undefined)("LISTEN wakeup on a server", () => {
  const pool = PG_URL === undefined ? undefined : testPool(4);
  let storage: PostgresStorage;
  beforeAll(async () => {
    storage = await createPostgresEventStore({ pool: pool!, schema: randomSchema() });
  });
  afterAll(async () => {
    await storage?.close();
    await dropSchema(pool!, storage.schema);
    await pool?.end();
  });

  const listeners = async (channel: string): Promise<number[]> =>
    (
      await pool!.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE query = $1", [
        `LISTEN ${channel}`,
      ])
    ).rows.map((row) => row.pid);

  it("reopens a killed LISTEN connection with backoff, wakes its processors, and they poll meanwhile", async () => {
    const channel = appendChannel(storage.schema);
    const states: string[] = [];
    const wakeup = new PgListenWakeup({
      channel,
      connect: () => new pg.Client({ connectionString: PG_URL }),
      initialBackoffMs: 50,
      maxBackoffMs: 200,
      onStateChange: (state) => states.push(state),
    });
    const tenant = `listen-${Date.now()}`;
    const target = recordingSink("listen", new InMemoryCheckpointStore(), [tenant]);
    const live = new LiveProcessor(
      new LogProcessor({
        name: "listen",
        store: storage.store,
        sink: target.sink,
        parked: new InMemoryParkedStreamStore(),
      }),
      { wakeup, pollIntervalMs: 300 },
    );
    live.start();
    await eventually(() => wakeup.listening);
    await appendPool(storage.store, tenant, 1, 1);
    await eventually(() => target.seen.length === 1, 250);
    const [pid] = await listeners(channel);
    await pool!.query("SELECT pg_terminate_backend($1)", [pid]);
    await eventually(() => states.includes("disconnected"));
    // While the connection is down, the poll (300 ms here) still brings new events in.
    await appendPool(storage.store, tenant, 2, 1);
    await eventually(() => target.seen.length === 2, 2_000);
    await eventually(() => wakeup.listening && states.at(-1) === "listening", 5_000);
    await appendPool(storage.store, tenant, 3, 1);
    await eventually(() => target.seen.length === 3, 250);
    await live.stop();
    expect(states).toEqual(["listening", "disconnected", "listening"]);
    await eventually(async () => (await listeners(channel)).length === 0);
  });

  it("shares one connection among subscribers, and closes it with the last one or with the storage", async () => {
    const channel = appendChannel(storage.schema);
    const other = await createPostgresEventStore({
      connectionString: PG_URL!,
      schema: storage.schema,
      migrate: false,
    });
    const [a, b] = [other.wakeup.subscribe(() => undefined), other.wakeup.subscribe(() => undefined)];
    await eventually(async () => (await listeners(channel)).length === 1);
    a();
    b();
    await eventually(async () => (await listeners(channel)).length === 0);
    other.wakeup.subscribe(() => undefined);
    await eventually(async () => (await listeners(channel)).length === 1);
    await other.close();
    await eventually(async () => (await listeners(channel)).length === 0);
  });
});
