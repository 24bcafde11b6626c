/**
 * Event store throughput: the in-memory reference store, PGlite (embedded) and a PostgreSQL server (when
 * VPP_PG_URL is set), measured the same way and printed as one table.
 *
 *   npx tsx --conditions=source bench/event-store.ts
 *
 * Single-event appends carry an expected version (the command handler's path); 10-event batches measure
 * bulk appends; reads page through the whole log and one long stream. Sizes are modest so a run takes well
 * under two minutes; the figures are for comparing stores on one machine, not absolute truths.
 */
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { type EventStore, type EventToAppend, eventIdFor, InMemoryEventStore } from "@vpp-ledger/core";
import { createPgliteEventStore, createPostgresEventStore } from "@vpp-ledger/eventstore-postgres";

/** One store's figures. */
export interface EventStoreBenchRow {
  readonly store: string;
  /** Single-event appends per second, each with its expected version (one writer). */
  readonly singleAppendsPerSec: number;
  /** Single-event appends per second from 8 concurrent writers on 8 streams (the server: 8 connections). */
  readonly concurrentAppendsPerSec: number;
  /** 10-event appends per second (one writer); events/s is ten times this. */
  readonly batchAppendsPerSec: number;
  /** Events per second reading the whole log with readAll (pages of 500). */
  readonly readAllEventsPerSec: number;
  /** Events per second reading one long stream with readStream (pages of 500). */
  readonly readStreamEventsPerSec: number;
}

interface Sizes {
  readonly singles: number;
  readonly batches: number;
}

const STREAMS = 20;
const WRITERS = 8;

const event = (commandId: string, index: number): EventToAppend => ({
  id: eventIdFor(commandId, index),
  type: "BenchmarkEvent",
  schemaVersion: 1,
  data: { commandId, index, userId: "user-00042", at: "2026-01-01T00:00:00.000Z" },
  metadata: {
    tenantId: "tenant-bench",
    correlationId: commandId,
    causationId: commandId,
    actor: { kind: "admin", id: "admin-1" },
    recordedAt: "2026-01-01T00:00:00.000Z",
  },
});

const perSecond = (count: number, started: bigint): number =>
  Math.round(count / (Number(process.hrtime.bigint() - started) / 1e9));

const drain = async (events: AsyncIterable<unknown>): Promise<number> => {
  let count = 0;
  for await (const _ of events) count++;
  return count;
};

/** Measures one store; `run` makes stream and command ids unique so a shared database can be reused. */
const measure = async (name: string, store: EventStore, sizes: Sizes): Promise<EventStoreBenchRow> => {
  const run = randomBytes(4).toString("hex");
  const versions = new Map<string, bigint>();
  let started = process.hrtime.bigint();
  for (let i = 0; i < sizes.singles; i++) {
    const stream = `bench-${run}-single-${i % STREAMS}`;
    const result = await store.appendToStream(stream, [event(`${run}-s${i}`, 0)], {
      expectedVersion: versions.get(stream) ?? "no_stream",
    });
    versions.set(stream, result.nextExpectedVersion);
  }
  const singleAppendsPerSec = perSecond(sizes.singles, started);

  started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      let expectedVersion: bigint | "no_stream" = "no_stream";
      for (let i = 0; i < sizes.singles / WRITERS; i++) {
        const batch = [event(`${run}-w${writer}-${i}`, 0)];
        const result = await store.appendToStream(`bench-${run}-writer-${writer}`, batch, {
          expectedVersion,
        });
        expectedVersion = result.nextExpectedVersion;
      }
    }),
  );
  const concurrentAppendsPerSec = perSecond(sizes.singles, started);

  const long = `bench-${run}-long`;
  let version = 0n;
  started = process.hrtime.bigint();
  for (let i = 0; i < sizes.batches; i++) {
    const batch = Array.from({ length: 10 }, (_, n) => event(`${run}-b${i}`, n));
    version = (await store.appendToStream(long, batch, { expectedVersion: version })).nextExpectedVersion;
  }
  const batchAppendsPerSec = perSecond(sizes.batches, started);

  started = process.hrtime.bigint();
  const logEvents = await drain(store.readAll({ batchSize: 500 }));
  const readAllEventsPerSec = perSecond(logEvents, started);
  started = process.hrtime.bigint();
  const streamEvents = await drain(store.readStream(long, { batchSize: 500 }));
  const readStreamEventsPerSec = perSecond(streamEvents, started);
  return {
    store: name,
    singleAppendsPerSec,
    concurrentAppendsPerSec,
    batchAppendsPerSec,
    readAllEventsPerSec,
    readStreamEventsPerSec,
  };
};

/** Runs every store available (the server only when `pgUrl` is given) and returns one row per store. */
export const run = async (options: { readonly pgUrl?: string } = {}): Promise<EventStoreBenchRow[]> => {
  const rows: EventStoreBenchRow[] = [];
  rows.push(await measure("in-memory", new InMemoryEventStore(), { singles: 20_000, batches: 5_000 }));

  const pglite = await createPgliteEventStore();
  try {
    rows.push(await measure("PGlite (in memory)", pglite.store, { singles: 2_000, batches: 1_000 }));
  } finally {
    await pglite.close();
  }

  if (options.pgUrl !== undefined) {
    const schema = `bench_${randomBytes(4).toString("hex")}`;
    const server = await createPostgresEventStore({
      connectionString: options.pgUrl,
      schema,
      maxConnections: WRITERS,
    });
    try {
      rows.push(await measure("PostgreSQL server", server.store, { singles: 2_000, batches: 1_000 }));
    } finally {
      await server.close();
      await dropSchema(options.pgUrl, schema);
    }
  }
  return rows;
};

const dropSchema = async (url: string, schema: string): Promise<void> => {
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
};

/** The table as text: one line per store. */
export const formatTable = (rows: ReadonlyArray<EventStoreBenchRow>): string => {
  const header = [
    "store",
    "single appends/s",
    `${WRITERS} writers appends/s`,
    "10-event appends/s",
    "events/s (batched)",
    "readAll events/s",
    "readStream events/s",
  ];
  const lines = rows.map((row) => [
    row.store,
    String(row.singleAppendsPerSec),
    String(row.concurrentAppendsPerSec),
    String(row.batchAppendsPerSec),
    String(row.batchAppendsPerSec * 10),
    String(row.readAllEventsPerSec),
    String(row.readStreamEventsPerSec),
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column]!.length)),
  );
  const format = (cells: ReadonlyArray<string>) =>
    cells
      .map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join(" | ");
  return [format(header), widths.map((w) => "-".repeat(w)).join("-|-"), ...lines.map(format)].join("\n");
};

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const pgUrl = process.env.VPP_PG_URL;
  const rows = await run(pgUrl === undefined ? {} : { pgUrl });
  console.log(formatTable(rows));
  if (pgUrl === undefined) console.log("(set VPP_PG_URL to include a PostgreSQL server)");
}
