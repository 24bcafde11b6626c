import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll } from "vitest";

/**
 * How long one PGlite open may take. Opening is WebAssembly start plus initdb: 2–10 s on an idle machine,
 * 25–42 s seen on a loaded 2-core one; the queries a test then sends take milliseconds.
 *
 * The pattern for PGlite-backed tests, so a slow open never eats a test's deadline and a hang in our code
 * still fails fast:
 * - a file opens one PGlite, in a `beforeAll` whose timeout is this budget ({@link sharedPglite}; the BACKENDS
 *   suites get theirs from `backends.ts`), and closes it in `afterAll`;
 * - each test isolates itself with a fresh schema on that instance (`randomSchema()` and the store's `schema`
 *   option). A test that needs a database of its own would `clone()` a template instance (no initdb) rather
 *   than open another;
 * - tests keep the tight default `testTimeout` (vitest.config.ts), which now measures only their own work;
 * - only a test that must open PGlite itself (a fresh data directory, a reopen) does so, with an explicit
 *   timeout of this budget per open it makes.
 */
export const PGLITE_OPEN_TIMEOUT_MS = 120_000;

/**
 * One PGlite per test file (each costs about 500 MB and an initdb to start): opened before the file's tests
 * within {@link PGLITE_OPEN_TIMEOUT_MS}, closed after. Tests isolate themselves with their own schema.
 */
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
