import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll } from "vitest";

/**
 * One PGlite per test file (each costs about 500 MB and 3–4 s to start): started before the file's tests,
 * closed after. Tests isolate themselves with their own schema.
 */
export const sharedPglite = (): (() => PGlite) => {
  let db: PGlite | undefined;
  beforeAll(async () => {
    db = await PGlite.create();
  });
  afterAll(async () => {
    await db?.close();
  });
  return () => {
    if (db === undefined) throw new Error("PGlite is not started yet: call this inside a test or hook");
    return db;
  };
};
