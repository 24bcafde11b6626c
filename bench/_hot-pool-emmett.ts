/**
 * The peer row of bench/hot-pool.ts: emmett's command handler over emmett's PostgreSQL event store, 16 callers
 * assigning licenses of one pool, with emmett's recommended retry on version conflicts
 * (`retry: { onVersionConflict: true }`: 3 retries from 100 ms, factor 1.5) and the caller retrying after that.
 * Emmett has no schema option, so it gets a database of its own, dropped afterwards. Its handler reads the whole
 * stream per command (no snapshots); the pool command alone is measured (no account load, unlike
 * `requestInstall`), which favours emmett.
 */
import { CommandHandler, isExpectedVersionConflictError } from "@event-driven-io/emmett";
import { getPostgreSQLEventStore } from "@event-driven-io/emmett-postgresql";
import pg from "pg";
import { shuffled } from "./_hot-pool-seed.js";

type PoolEvent =
  | { type: "PurchasedCountSynced"; data: { purchased: number } }
  | { type: "LicenseAssigned"; data: { userId: string } };

interface Pool {
  purchased: number;
  readonly holders: Set<string>;
}

// The fold mutates the state it is given: emmett starts every load from a fresh initialState().
const handle = CommandHandler<Pool, PoolEvent>({
  evolve: (state, event) => {
    if (event.type === "PurchasedCountSynced") state.purchased = event.data.purchased;
    else state.holders.add(event.data.userId);
    return state;
  },
  initialState: () => ({ purchased: 0, holders: new Set() }),
  retry: { onVersionConflict: true },
});

/** What the emmett callers did. */
export interface EmmettMeasure {
  readonly assigned: number;
  readonly elapsed: number;
  readonly appends: number;
  readonly conflicts: number;
  readonly clientRetries: number;
}

/** 16 callers install `users` users into a pool of as many licenses, until done or `seconds` have passed. */
export const runEmmett = async (
  pgUrl: string,
  users: number,
  callers: number,
  seconds: number,
): Promise<EmmettMeasure> => {
  const database = `bench_emmett_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(pgUrl);
  url.pathname = `/${database}`;
  // Our own pool (10 connections, as each vpp-ledger process has), ended by us: emmett's close leaves its own open.
  const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
  pool.on("error", () => undefined);
  const store = getPostgreSQLEventStore(url.toString(), { connectionOptions: { pool } });
  const counts = { appends: 0, conflicts: 0 };
  // emmett's handler appends through a session's store (one connection per command): count there.
  type Session = { eventStore: { appendToStream: (...args: unknown[]) => Promise<unknown> } };
  const withSession = store.withSession.bind(store) as (
    callback: (session: Session) => Promise<unknown>,
  ) => Promise<unknown>;
  store.withSession = ((callback: (session: Session) => Promise<unknown>) =>
    withSession((session) => {
      const append = session.eventStore.appendToStream.bind(session.eventStore);
      session.eventStore.appendToStream = async (...args: unknown[]) => {
        counts.appends++;
        try {
          return await append(...args);
        } catch (error) {
          if (isExpectedVersionConflictError(error)) counts.conflicts++;
          throw error;
        }
      };
      return callback(session);
    })) as typeof store.withSession;
  try {
    await store.appendToStream("pool", [{ type: "PurchasedCountSynced", data: { purchased: users } }]);
    const order = shuffled(
      Array.from({ length: users }, (_, i) => `u-${i}`),
      7,
    );
    let next = 0;
    let assigned = 0;
    let clientRetries = 0;
    const started = performance.now();
    const deadline = started + seconds * 1000;
    const assign =
      (userId: string) =>
      (state: Pool): PoolEvent[] =>
        state.holders.has(userId) || state.holders.size >= state.purchased
          ? []
          : [{ type: "LicenseAssigned", data: { userId } }];
    await Promise.all(
      Array.from({ length: callers }, async () => {
        while (next < order.length && performance.now() < deadline) {
          const userId = order[next++]!;
          for (;;) {
            try {
              const result = await handle(store, "pool", assign(userId));
              if (result.newEvents.length > 0) assigned++;
              break;
            } catch (error) {
              if (!isExpectedVersionConflictError(error)) throw error;
              clientRetries++;
            }
          }
        }
      }),
    );
    return { assigned, elapsed: (performance.now() - started) / 1000, ...counts, clientRetries };
  } finally {
    await store.close();
    await pool.end();
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.end();
  }
};
