import type { SqlExecutor } from "../sql/client.js";
import { assertBigintColumn, assertValidName } from "./column-input.js";

/**
 * Moves reader `name`'s checkpoint forward to `position` on `db`, which may be a transaction: a sink that
 * commits read-model rows calls it in the same transaction, so the rows and the position commit together (a
 * crash never applies a batch twice or skips one). Monotonic: the guard sits in the upsert's WHERE clause, under
 * the row lock, so a position at or behind the saved one changes nothing.
 */
export const saveCheckpointIn = async (
  db: SqlExecutor,
  schema: string,
  name: string,
  position: bigint,
): Promise<void> => {
  assertValidName("checkpoint name", name);
  assertBigintColumn(`checkpoint ${name}: position (a global position)`, position, 0n);
  await db.query(
    `INSERT INTO "${schema}".checkpoints AS current (name, position) VALUES ($1, $2::bigint)
     ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = statement_timestamp()
      WHERE current.position < excluded.position`,
    [name, position.toString()],
  );
};
