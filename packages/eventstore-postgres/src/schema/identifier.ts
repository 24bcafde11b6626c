/** The schema used when the caller names none. */
export const DEFAULT_SCHEMA = "vpp_ledger";

// Lower case only, so the name needs no quoting and means the same quoted or not; 63 bytes is PostgreSQL's
// identifier limit; "pg_" is reserved for system schemas.
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * A validated schema name, safe to splice into SQL. Throws a TypeError saying what a valid name looks like:
 * schema names cannot be bound as query parameters, so nothing else may reach the SQL text. Exported so every
 * package that names a schema in SQL (`@vpp-ledger/projections-postgres`) applies the same rule.
 */
export const validateSchemaName = (name: unknown): string => {
  if (typeof name !== "string" || !SCHEMA_NAME.test(name) || name.startsWith("pg_")) {
    throw new TypeError(
      `schema must be a PostgreSQL identifier: 1-63 characters of a-z, 0-9 and _, not starting with a digit ` +
        `or "pg_"; got ${JSON.stringify(String(name).slice(0, 80))}`,
    );
  }
  return name;
};
