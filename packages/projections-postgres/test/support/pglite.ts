import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll } from "vitest";

/**
 * How long one PGlite open may take (WebAssembly start plus initdb: seconds when idle, tens of seconds on a loaded
 * 2-core machine). PGlite-backed files open one instance in a `beforeAll` with this budget, never inside a test's
 * deadline, and isolate their tests by schema (as in `@vpp-ledger/eventstore-postgres`'s tests).
 */
export const PGLITE_OPEN_TIMEOUT_MS = 120_000;

/** One PGlite per test file, opened before its tests and closed after. */
export const sharedPglite = (): (() => PGlite) => {
  let db: PGlite | undefined;
  beforeAll(async () => {
    db = await PGlite.create();
  }, PGLITE_OPEN_TIMEOUT_MS);
  afterAll(async () => {
    if (db !== undefined && !db.closed) await db.close();
  });
  return () => {
    if (db === undefined) throw new Error("PGlite is not started yet: call this inside a test or hook");
    return db;
  };
};
