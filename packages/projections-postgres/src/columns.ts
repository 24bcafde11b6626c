import { LedgerError } from "@vpp-ledger/core";
import type { SqlRow } from "@vpp-ledger/eventstore-postgres";

/**
 * Typed reads of result columns. Read-model rows are the package's own, but a hand-edited or half-migrated table
 * must fail with an error naming the column (never its value), not hand a console a wrong type.
 */
const bad = (column: string, expected: string): LedgerError =>
  new LedgerError(
    "read-model-invalid",
    `read-model column ${column} is not ${expected}: the read models were changed outside this package; rebuild them`,
  );

/** A non-null text column. */
export const text = (row: SqlRow, column: string): string => {
  const value = row[column];
  if (typeof value !== "string") throw bad(column, "text");
  return value;
};

/** A nullable text column. */
export const textOrNull = (row: SqlRow, column: string): string | null =>
  row[column] === null || row[column] === undefined ? null : text(row, column);

/** A non-null integer column (PostgreSQL `integer`, which both drivers return as a number). */
export const int = (row: SqlRow, column: string): number => {
  const value = row[column];
  if (typeof value !== "number" || !Number.isSafeInteger(value)) throw bad(column, "an integer");
  return value;
};

/** A non-null boolean column. */
export const bool = (row: SqlRow, column: string): boolean => {
  const value = row[column];
  if (typeof value !== "boolean") throw bad(column, "a boolean");
  return value;
};

/** A bigint column selected as `::text` (both drivers then return it exactly, beyond 2^53). */
export const big = (row: SqlRow, column: string): bigint => {
  const value = row[column];
  if (typeof value !== "string" || !/^-?\d+$/.test(value)) throw bad(column, "a bigint as text");
  return BigInt(value);
};

/** A nullable bigint column selected as `::text`. */
export const bigOrNull = (row: SqlRow, column: string): bigint | null =>
  row[column] === null || row[column] === undefined ? null : big(row, column);

/** One of a closed set of strings. */
export const oneOf = <T extends string>(row: SqlRow, column: string, allowed: ReadonlyArray<T>): T => {
  const value = text(row, column);
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) throw bad(column, `one of ${allowed.join(", ")}`);
  return found;
};
