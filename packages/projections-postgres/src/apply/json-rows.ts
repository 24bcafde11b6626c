import type { SqlExecutor } from "@vpp-ledger/eventstore-postgres";

/** A column as `json_to_recordset` reads it: its name and SQL type. */
export interface Column {
  readonly name: string;
  readonly type: "text" | "integer" | "bigint" | "boolean" | "jsonb";
}

/** A row as sent to the database: JSON values only (bigints as decimal strings, which PostgreSQL reads exactly). */
export type JsonRow = Readonly<Record<string, string | number | boolean | null | object>>;

/** Where a batch writes: a partition of one generation, and that generation's number. */
export interface Target {
  readonly tx: SqlExecutor;
  /** The partition, quoted and schema-qualified. */
  readonly table: string;
  readonly generation: number;
}

const recordset = (columns: ReadonlyArray<Column>) =>
  `json_to_recordset($1::json) AS r(${columns.map((c) => `${c.name} ${c.type}`).join(", ")})`;

/**
 * Upserts `rows` into the partition in one statement: the rows travel as one JSON parameter, so a batch's writes
 * to a table cost one round trip whatever their number. `key` names the columns after `generation` that identify
 * a row; with no other column the statement only inserts what is missing.
 */
export const upsertRows = async (
  target: Target,
  columns: ReadonlyArray<Column>,
  key: ReadonlyArray<string>,
  rows: ReadonlyArray<JsonRow>,
): Promise<void> => {
  if (rows.length === 0) return;
  const names = columns.map((c) => c.name).join(", ");
  const updates = columns.filter((c) => !key.includes(c.name)).map((c) => `${c.name} = excluded.${c.name}`);
  const onConflict = updates.length === 0 ? "NOTHING" : `UPDATE SET ${updates.join(", ")}`;
  await target.tx.query(
    `INSERT INTO ${target.table} (generation, ${names})
     SELECT $2::integer, ${names} FROM ${recordset(columns)}
     ON CONFLICT (${["generation", ...key].join(", ")}) DO ${onConflict}`,
    [JSON.stringify(rows), target.generation],
  );
};

/** Inserts `rows` in one statement; a row that already exists fails the batch (it would mean a double apply). */
export const insertRows = async (
  target: Target,
  columns: ReadonlyArray<Column>,
  rows: ReadonlyArray<JsonRow>,
): Promise<void> => {
  if (rows.length === 0) return;
  const names = columns.map((c) => c.name).join(", ");
  await target.tx.query(
    `INSERT INTO ${target.table} (generation, ${names}) SELECT $2::integer, ${names} FROM ${recordset(columns)}`,
    [JSON.stringify(rows), target.generation],
  );
};

/** Deletes the rows whose `key` columns match one of `rows`, in one statement. */
export const deleteRows = async (
  target: Target,
  key: ReadonlyArray<Column>,
  rows: ReadonlyArray<JsonRow>,
): Promise<void> => {
  if (rows.length === 0) return;
  const match = key.map((c) => `t.${c.name} = r.${c.name}`).join(" AND ");
  await target.tx.query(`DELETE FROM ${target.table} t USING ${recordset(key)} WHERE ${match}`, [
    JSON.stringify(rows),
  ]);
};

/**
 * Reads the rows whose `key` columns match one of `keys` (distinct), in one statement; `where` narrows further
 * (e.g. to open holdings). `select` lists the columns (expressions over `t`) to return. Written as a join driven
 * by the keys, so the planner probes the table's index once per key instead of scanning it.
 */
export const selectRows = async (
  target: Target,
  key: ReadonlyArray<Column>,
  keys: ReadonlyArray<JsonRow>,
  select: string,
  where = "true",
): Promise<ReadonlyArray<Readonly<Record<string, unknown>>>> => {
  if (keys.length === 0) return [];
  const match = key.map((c) => `t.${c.name} = r.${c.name}`).join(" AND ");
  return target.tx.query(
    `SELECT ${select} FROM ${recordset(key)} JOIN ${target.table} t ON ${match} WHERE ${where}`,
    [JSON.stringify(keys)],
  );
};
