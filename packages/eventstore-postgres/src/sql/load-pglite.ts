import { LedgerError } from "@vpp-ledger/core";
import type { PgliteCreateOptions, PgliteDatabase } from "./pglite-types.js";

/**
 * PGlite was asked for (a PGlite store or read models) but `@electric-sql/pglite` is not installed. It is an
 * optional peer dependency, so hosts on a PostgreSQL server never download it.
 */
export class PgliteMissing extends LedgerError {
  constructor(cause?: unknown) {
    super(
      "driver-missing",
      "PGlite (@electric-sql/pglite) is not installed: add it to your project " +
        "(`npm install @electric-sql/pglite@~0.5.11`) to open an embedded store, or open a PostgreSQL server instead",
      { cause },
    );
  }
}

const isModuleNotFound = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
};

/** PGlite's module, as far as this library uses it. */
export interface PgliteModule {
  readonly PGlite: { create(options: PgliteCreateOptions): Promise<PgliteDatabase> };
}

/** Starts PGlite from the module `load` imports: {@link startPglite} with the import made explicit. */
export const startPgliteFrom = async (
  load: () => Promise<PgliteModule>,
  options: PgliteCreateOptions = {},
): Promise<PgliteDatabase> => {
  let module: PgliteModule;
  try {
    module = await load();
  } catch (error) {
    if (isModuleNotFound(error)) throw new PgliteMissing(error);
    throw error;
  }
  return module.PGlite.create(options.dataDir === undefined ? {} : { dataDir: options.dataDir });
};

/**
 * Starts a PGlite instance, importing PGlite only now: a host that never opens one never loads its 27 MB.
 * Rejects with {@link PgliteMissing} when the package is not installed.
 */
export const startPglite = (options: PgliteCreateOptions = {}): Promise<PgliteDatabase> =>
  startPgliteFrom(() => import("@electric-sql/pglite"), options);
