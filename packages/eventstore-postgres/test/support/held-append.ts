import type { AppendResult, EventToAppend, ExpectedVersion } from "@vpp-ledger/core";
import type pg from "pg";
import { pgClient } from "../../src/sql/pg-client.js";
import { appendEvents } from "../../src/store/append.js";

/** An append whose transaction is still open: its backend pid, and the COMMIT that ends it. */
export interface HeldAppend {
  /** `pg_backend_pid()` of the connection holding the transaction (for `pg_terminate_backend`). */
  readonly pid: number;
  /** Commits and resolves with the append's result, or rejects with its (or the commit's) error. */
  commit(): Promise<AppendResult>;
}

/**
 * Runs an append inside a transaction and keeps that transaction open until `commit()`: the stream row lock
 * and, once the events are inserted, the append lock stay held, so tests can race real writers against it or
 * kill its backend mid-append. Resolves once the append statement has run (or failed).
 */
export const holdAppend = async (
  pool: pg.Pool,
  schema: string,
  streamId: string,
  events: ReadonlyArray<EventToAppend>,
  expectedVersion: ExpectedVersion,
): Promise<HeldAppend> => {
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let appended: (pid: number) => void = () => undefined;
  const started = new Promise<number>((resolve) => {
    appended = resolve;
  });
  const outcome = pgClient(pool, false).transaction(async (tx) => {
    const pid = Number((await tx.query("SELECT pg_backend_pid() AS pid"))[0]?.pid);
    try {
      const result = await appendEvents(tx, schema, streamId, events, expectedVersion);
      appended(pid);
      await released;
      return result;
    } catch (error) {
      appended(pid);
      throw error;
    }
  });
  // The outcome is observed through commit(); until then a rejection must not count as unhandled.
  outcome.catch(() => undefined);
  const pid = await Promise.race([
    started,
    outcome.then(
      () => -1,
      () => -1,
    ),
  ]);
  return {
    pid,
    commit: () => {
      release();
      return outcome;
    },
  };
};
