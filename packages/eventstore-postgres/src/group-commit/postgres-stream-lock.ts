import type { StreamLock } from "@vpp-ledger/core";
import pg from "pg";
import { validateSchemaName } from "../schema/identifier.js";

/** Options of {@link createPostgresStreamLock}. */
export interface PostgresStreamLockOptions {
  /** The server; the lock keeps a small pool of its own there (never the store's: see below). */
  readonly connectionString: string;
  /** The event store's schema: streams of other schemas never share a lock. */
  readonly schema: string;
  /**
   * Connections of the lock's pool, so streams this process may wait for at once; 4. A lane waiting for a
   * connection waits in this process, which is as good as waiting for the lock.
   */
  readonly maxConnections?: number;
  /** Longest wait for a stream's lock, milliseconds; the batch then runs without it. 2,000. */
  readonly waitMs?: number;
}

/** A {@link StreamLock} that can be closed. */
export interface PostgresStreamLock extends StreamLock {
  /** Ends the lock's connections (a held lock is released with its session). */
  close(): Promise<void>;
}

/**
 * Turn-taking for hot streams across processes (issue 10), over PostgreSQL session advisory locks keyed by the
 * schema and the stream id: pass it as `createVppLedger({ …, groupCommit: { streamLock } })`. Group commit takes
 * it only for a stream that met a conflict, so uncontended streams pay nothing; on a contended one each process
 * waits its turn in the server instead of loading, deciding and appending a batch that then loses the
 * expected-version race. The lock is an optimisation: appends still check the expected version, a lock that
 * cannot be taken within `waitMs` is skipped, and a process that dies releases its locks with its session.
 *
 * The lock's connections are its own: a batch that holds a stream's lock needs the store's connections to load
 * and append, so taking locks from the store's pool could leave every connection waiting for a lock whose
 * holder waits for a connection.
 */
export const createPostgresStreamLock = (options: PostgresStreamLockOptions): PostgresStreamLock => {
  const schema = validateSchemaName(options.schema);
  const waitMs = options.waitMs ?? 2_000;
  if (!Number.isSafeInteger(waitMs) || waitMs < 1) throw new RangeError("waitMs must be a positive integer");
  // lock_timeout bounds every wait for a lock on these sessions (advisory locks honour it): one round trip each.
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 4,
    options: `-c lock_timeout=${waitMs}`,
  });
  // An idle connection that dies emits "error" on the pool; the pool drops it and the next acquire reconnects.
  pool.on("error", () => undefined);
  const space = `vpp-ledger:stream-lock:${schema}`;
  // Sessions holding a lock: closing ends them, which releases their locks (pool.end() would wait for them).
  const holding = new Set<pg.PoolClient>();
  let closed: Promise<void> | undefined;
  return {
    async acquire(streamId) {
      if (closed) throw new Error("the stream lock is closed");
      const client = await pool.connect();
      try {
        await client.query("SELECT pg_advisory_lock(hashtext($1), hashtext($2))", [space, streamId]);
      } catch (error) {
        // The session may hold nothing or be broken: it is not reused.
        client.release(true);
        throw error;
      }
      holding.add(client);
      return async () => {
        if (!holding.delete(client)) return;
        try {
          await client.query("SELECT pg_advisory_unlock(hashtext($1), hashtext($2))", [space, streamId]);
          client.release();
        } catch {
          // Ending the session releases whatever it holds.
          client.release(true);
        }
      };
    },
    close: () => {
      closed ??= (async () => {
        for (const client of holding) client.release(true);
        holding.clear();
        await pool.end();
      })();
      return closed;
    },
  };
};
