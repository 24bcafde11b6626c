import { AggregateStateCache, createVppLedger, type VppLedger, type VppLedgerDeps } from "@vpp-ledger/core";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPgliteEventStore, createPostgresEventStore, type PostgresStorage } from "../src/index.js";
import { ConflictCountingStore } from "./support/conflict-counting-store.js";
import { preparePool, raceInstalls, userIds } from "./support/install-race.js";
import {
  expectCleanAudit,
  expectSettledPool,
  expectSnapshotAgrees,
  tailAudit,
} from "./support/install-race-checks.js";
import { raceInProcesses } from "./support/install-race-processes.js";
import { sharedPglite } from "./support/pglite.js";
import { randomSchema } from "./support/random-schema.js";
import { dropSchema, PG_URL, testPool } from "./support/server.js";

/** How one round interleaves: user order and delays from the seed, snapshot cadence, cache size. */
interface Round {
  readonly seed: number;
  readonly snapshotEvery: number;
  readonly maxDelayMs: number;
  /** Streams each client's state cache keeps; 1 makes every License load start from a snapshot. */
  readonly cachedStreams: number;
  /** Callers sharing each client's ledger, and so its group commit; 1 unless set. */
  readonly callersPerClient?: number;
  /** Processes take turns on the contended pool (createPostgresStreamLock); processes rounds only. */
  readonly streamLock?: boolean;
}

const describeRound = (round: Round) =>
  `seed ${round.seed}, snapshotEvery ${round.snapshotEvery}, delays 0-${round.maxDelayMs} ms, ` +
  `${round.cachedStreams === 1 ? "loads from snapshots" : "state cache on"}` +
  `${(round.callersPerClient ?? 1) > 1 ? `, ${round.callersPerClient} callers per client sharing its group commit` : ""}` +
  `${round.streamLock ? ", taking turns with the stream lock" : ""}`;

/**
 * One round on fresh storage: `setup` prepares the pool, then every client runs installs through its own
 * ledger while an auditor tails the log; afterwards the pool, the audit and the snapshots are checked.
 */
const runRound = async (
  setup: PostgresStorage,
  clients: ReadonlyArray<PostgresStorage>,
  round: Round,
  sizes: { readonly users: number; readonly purchased: number },
): Promise<void> => {
  const users = userIds(sizes.users);
  const tuning: Pick<VppLedgerDeps, "snapshotEvery"> = { snapshotEvery: round.snapshotEvery };
  await preparePool(
    createVppLedger({ store: setup.store, snapshots: setup.snapshots, ...tuning }),
    users,
    sizes.purchased,
  );
  const stores = clients.map(({ store }) => new ConflictCountingStore(store));
  const ledgers = clients.map(({ snapshots }, i) =>
    createVppLedger({
      store: stores[i]!,
      snapshots,
      ...tuning,
      stateCache: new AggregateStateCache(round.cachedStreams),
    }),
  );
  const auditor = tailAudit(setup.store, setup.checkpoints);
  const callers = ledgers.flatMap((ledger) => Array<VppLedger>(round.callersPerClient ?? 1).fill(ledger));
  const result = await raceInstalls(callers, users, { round: `seed-${round.seed}`, ...round });
  const report = await auditor.stop();

  await expectSettledPool(setup.store, users, sizes.purchased, result);
  await expectCleanAudit(setup.store, setup.checkpoints, report);
  await expectSnapshotAgrees(setup, round.snapshotEvery);
  // The clients really collided: appends were refused for a stale expected version and decided again.
  expect(stores.reduce((sum, store) => sum + store.conflicts, 0)).toBeGreaterThan(0);
};

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe.runIf(PG_URL)("install race on a PostgreSQL server: 16 clients, own connections each", () => {
  const CLIENTS = 16;
  const sizes = { users: 400, purchased: 100 };
  const rounds: ReadonlyArray<Round> = [
    { seed: 1, snapshotEvery: 1, maxDelayMs: 3, cachedStreams: 1_000 },
    { seed: 2, snapshotEvery: 7, maxDelayMs: 1, cachedStreams: 1 },
    { seed: 3, snapshotEvery: 100, maxDelayMs: 0, cachedStreams: 1_000 },
    { seed: 4, snapshotEvery: 10, maxDelayMs: 1, cachedStreams: 1_000, callersPerClient: 4 },
  ];
  let admin: pg.Pool;
  const schemas: string[] = [];
  beforeAll(() => {
    admin = testPool(4);
  });
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(admin, schema);
    await admin.end();
  });

  for (const round of rounds) {
    it(`R13 R16: ${sizes.users} users, ${sizes.purchased} licenses: exactly ${sizes.purchased} assigned, the rest no-license-available (${describeRound(round)})`, async () => {
      const schema = randomSchema("install");
      schemas.push(schema);
      const setup = await createPostgresEventStore({ pool: admin, schema });
      // Each client is its own pool of one connection, as separate processes would be.
      const clients = await Promise.all(
        range(CLIENTS).map(() =>
          createPostgresEventStore({ connectionString: PG_URL!, schema, migrate: false, maxConnections: 1 }),
        ),
      );
      try {
        await Promise.all(clients.map(({ store }) => store.streamVersion("warm-up")));
        await runRound(setup, clients, round, sizes);
      } finally {
        await Promise.all(clients.map((client) => client.close()));
      }
    }, 240_000);
  }
});

describe.runIf(PG_URL)(
  "install race on a PostgreSQL server: several OS processes, group commit in each",
  () => {
    const PROCESSES = 4;
    const CALLERS = 8;
    const sizes = { users: 400, purchased: 100 };
    let admin: pg.Pool;
    const schemas: string[] = [];
    beforeAll(() => {
      admin = testPool(2);
    });
    afterAll(async () => {
      for (const schema of schemas) await dropSchema(admin, schema);
      await admin.end();
    });

    const rounds: ReadonlyArray<Round> = [
      { seed: 21, snapshotEvery: 10, maxDelayMs: 1, cachedStreams: 1_000 },
      { seed: 22, snapshotEvery: 3, maxDelayMs: 0, cachedStreams: 1 },
      { seed: 23, snapshotEvery: 10, maxDelayMs: 0, cachedStreams: 1_000, streamLock: true },
    ];
    for (const round of rounds) {
      it(`R13 R16: ${PROCESSES} processes × ${CALLERS} callers, ${sizes.users} users, ${sizes.purchased} licenses: exactly ${sizes.purchased} assigned, every caller answered once, audit clean (${describeRound(round)})`, async () => {
        const schema = randomSchema("install_proc");
        schemas.push(schema);
        const setup = await createPostgresEventStore({ pool: admin, schema });
        const users = userIds(sizes.users);
        const tuning = { snapshotEvery: round.snapshotEvery };
        await preparePool(
          createVppLedger({ store: setup.store, snapshots: setup.snapshots, ...tuning }),
          users,
          sizes.purchased,
        );
        const auditor = tailAudit(setup.store, setup.checkpoints);
        const result = await raceInProcesses(PROCESSES, users, {
          pgUrl: PG_URL!,
          schema,
          callers: CALLERS,
          round: `proc-${round.seed}`,
          ...round,
        });
        const report = await auditor.stop();
        await expectSettledPool(setup.store, users, sizes.purchased, result);
        await expectCleanAudit(setup.store, setup.checkpoints, report);
        await expectSnapshotAgrees(setup, round.snapshotEvery);
        // The processes really raced each other (their batches conflicted, at least until they took turns).
        expect(result.conflicts).toBeGreaterThan(0);
      }, 240_000);
    }
  },
);

describe("install race on PGlite: 8 clients, one shared connection", () => {
  const CLIENTS = 8;
  const sizes = { users: 60, purchased: 20 };
  const rounds: ReadonlyArray<Round> = [
    { seed: 11, snapshotEvery: 1, maxDelayMs: 1, cachedStreams: 1 },
    { seed: 12, snapshotEvery: 10, maxDelayMs: 0, cachedStreams: 1_000 },
  ];
  const db = sharedPglite();

  for (const round of rounds) {
    it(`R13 R16: ${sizes.users} users, ${sizes.purchased} licenses: exactly ${sizes.purchased} assigned, the rest no-license-available (${describeRound(round)})`, async () => {
      const schema = randomSchema("install");
      const setup = await createPgliteEventStore({ pglite: db(), schema });
      const clients = await Promise.all(
        range(CLIENTS).map(() => createPgliteEventStore({ pglite: db(), schema, migrate: false })),
      );
      await runRound(setup, clients, round, sizes);
    }, 120_000);
  }
});
