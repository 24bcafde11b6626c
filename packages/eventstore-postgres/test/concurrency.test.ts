import { type RecordedEvent, WrongExpectedVersion } from "@vpp-ledger/core";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresEventStore, type PostgresStorage } from "../src/index.js";
import { collect, testEvents } from "./support/events.js";
import { holdAppend } from "./support/held-append.js";
import { randomSchema } from "./support/random-schema.js";
import { dropSchema, PG_URL, testPool } from "./support/server.js";

const CLIENTS = 16;
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.runIf(PG_URL)("real concurrent writers on a server", () => {
  let admin: pg.Pool;
  let schema: string;
  /** Independent clients, one connection each: as many processes would be. */
  let clients: PostgresStorage[];
  beforeAll(async () => {
    admin = testPool(4);
    schema = randomSchema("conc");
    await (await createPostgresEventStore({ pool: admin, schema })).migrate();
    clients = await Promise.all(
      range(CLIENTS).map(() =>
        createPostgresEventStore({ connectionString: PG_URL!, schema, migrate: false, maxConnections: 1 }),
      ),
    );
    // Open every connection now, so the races below start together instead of queueing on connects.
    await Promise.all(clients.map(({ store }) => store.streamVersion("warm-up")));
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await dropSchema(admin, schema);
    await admin.end();
  });

  it(`${CLIENTS} clients appending at the same expected version: exactly one winner per version`, async () => {
    for (let round = 0; round < 8; round++) {
      const before = BigInt(round * 2);
      const outcomes = await Promise.allSettled(
        clients.map(({ store }, i) =>
          store.appendToStream("race", testEvents(`race-${round}-${i}`, 2), { expectedVersion: before }),
        ),
      );
      const winners = outcomes.filter((o) => o.status === "fulfilled");
      expect(winners).toHaveLength(1);
      expect(winners[0]).toMatchObject({ value: { nextExpectedVersion: before + 2n, written: true } });
      for (const outcome of outcomes.filter((o) => o.status === "rejected")) {
        expect(outcome.reason).toBeInstanceOf(WrongExpectedVersion);
        expect(outcome.reason).toMatchObject({ expected: before, actual: before + 2n });
      }
    }
    const stream = await collect(clients[0]!.store.readStream("race"));
    expect(stream.map((e) => e.streamVersion)).toEqual(range(16).map((i) => BigInt(i + 1)));
  });

  it(`${CLIENTS} clients each appending 15 events to one stream with retries: contiguous versions, nothing lost`, async () => {
    const perClient = 15;
    let conflicts = 0;
    await Promise.all(
      clients.map(async ({ store }, client) => {
        let expected = 0n;
        for (let i = 0; i < perClient; i++) {
          for (;;) {
            try {
              const result = await store.appendToStream("busy", testEvents(`busy-${client}-${i}`, 1), {
                expectedVersion: expected,
              });
              expected = result.nextExpectedVersion;
              break;
            } catch (error) {
              if (!(error instanceof WrongExpectedVersion)) throw error;
              conflicts++;
              expected = error.actual;
            }
          }
        }
      }),
    );
    const stream = await collect(clients[1]!.store.readStream("busy", { batchSize: 50 }));
    expect(stream.map((e) => e.streamVersion)).toEqual(range(CLIENTS * perClient).map((i) => BigInt(i + 1)));
    const commands = stream.map((e) => (e.data as { commandId: string }).commandId);
    expect(new Set(commands).size).toBe(CLIENTS * perClient);
    for (const client of range(CLIENTS)) {
      const own = commands.filter((c) => c.startsWith(`busy-${client}-`));
      expect(own).toEqual(range(perClient).map((i) => `busy-${client}-${i}`));
    }
    expect(conflicts).toBeGreaterThan(0);
  });

  it("a reader tailing readAll with checkpoints while clients append to many streams never skips an event", async () => {
    const appendsPerClient = 30;
    // The baseline is read before any writer starts, so every event after it belongs to this test.
    const start = (await collect(clients[0]!.store.readAll())).at(-1)?.globalPosition ?? 0n;
    let writing = true;
    const seen: RecordedEvent[] = [];
    const reader = (async () => {
      let checkpoint = start;
      for (;;) {
        const done = !writing;
        for await (const event of clients[0]!.store.readAll({ after: checkpoint, batchSize: 7 })) {
          seen.push(event);
          checkpoint = event.globalPosition;
        }
        if (done) return;
        await sleep(1);
      }
    })();
    await Promise.all(
      clients.slice(1).map(async ({ store }, client) => {
        for (let i = 0; i < appendsPerClient; i++) {
          await store.appendToStream(`tail-${client}`, testEvents(`tail-${client}-${i}`, 1 + (i % 3)));
        }
      }),
    );
    writing = false;
    await reader;
    const all = await collect(clients[0]!.store.readAll({ after: start, batchSize: 100 }));
    const perClient = range(appendsPerClient).reduce((sum, i) => sum + 1 + (i % 3), 0);
    expect(all.length).toBe((CLIENTS - 1) * perClient);
    expect(seen.map((e) => e.globalPosition)).toEqual(all.map((e) => e.globalPosition));
  });

  it("an uncommitted append holds back the others: positions follow commit order, so readers see a prefix", async () => {
    const { store } = clients[0]!;
    const before = (await collect(store.readAll())).at(-1)?.globalPosition ?? 0n;
    const held = await holdAppend(admin, schema, "first", testEvents("held-first", 2), "no_stream");
    let secondDone = false;
    const second = clients[1]!.store.appendToStream("second", testEvents("then-second", 1)).finally(() => {
      secondDone = true;
    });
    const waitEvent = async () =>
      (
        await admin.query<{ wait: string }>(
          "SELECT wait_event AS wait FROM pg_stat_activity WHERE query LIKE $1 AND pid <> $2 AND state = 'active'",
          [`%"${schema}".append_to_stream%`, held.pid],
        )
      ).rows[0]?.wait;
    let waiting: string | undefined;
    for (let i = 0; i < 100 && waiting === undefined; i++) {
      await sleep(20);
      waiting = await waitEvent();
    }
    expect(waiting).toBe("advisory");
    expect(secondDone).toBe(false);
    expect(await collect(store.readAll({ after: before }))).toEqual([]);
    const first = await held.commit();
    const later = await second;
    expect(later.lastGlobalPosition).toBeGreaterThan(first.lastGlobalPosition);
    const read = await collect(store.readAll({ after: before }));
    expect(read.map((e) => e.streamId)).toEqual(["first", "first", "second"]);
  });
});
