/**
 * The read-model tables. Each is partitioned by `generation`: one partition per version of the read models, so a
 * rebuild fills a new partition of every table while queries keep reading the serving one, and the old version
 * is dropped as a whole instead of row by row.
 */
export const READ_MODEL_TABLES = [
  "purchased_apps",
  "install_monitor",
  "install_pools",
  "user_terms",
  "license_holdings",
  "license_audit",
  "license_audit_findings",
  "account_overview",
] as const;

/** One of {@link READ_MODEL_TABLES}. */
export type ReadModelTable = (typeof READ_MODEL_TABLES)[number];

/** The partitioned table as queries name it: they read the serving generation through it. */
export const tableOf = (schema: string, table: ReadModelTable): string => `"${schema}"."${table}"`;

/**
 * The partition of `table` holding one generation. Writers name it directly: no routing through the parent, and
 * a batch can never write into another generation than the one it was read for.
 */
export const partitionOf = (schema: string, table: ReadModelTable, generation: number): string => {
  if (!Number.isSafeInteger(generation) || generation < 1) {
    throw new RangeError("a read-model generation is a positive integer");
  }
  return `"${schema}"."${table}_g${generation}"`;
};

/** The unquoted partition name, for catalog lookups. */
export const partitionName = (table: ReadModelTable, generation: number): string => `${table}_g${generation}`;

/**
 * Storage of every partition: rows are updated in place as events arrive, and room left on each page lets an
 * update that changes no indexed column (a pool's counts, a holding's end) stay on its page without touching the
 * indexes (a HOT update).
 */
export const PARTITION_STORAGE = "WITH (fillfactor = 80)";
