import type { CheckpointStore } from "@vpp-ledger/core";
import type { SqlExecutor } from "../sql/client.js";

/** The largest position a `bigint` column holds (2^63 - 1). */
const MAX_POSITION = 9_223_372_036_854_775_807n;
const MAX_NAME_LENGTH = 256;

const assertValidName = (name: unknown): void => {
  if (typeof name !== "string" || name.length === 0 || name.length > MAX_NAME_LENGTH) {
    throw new TypeError(
      `checkpoint name must be a string of 1-${MAX_NAME_LENGTH} characters (e.g. the projection's name); ` +
        `got ${typeof name === "string" ? `${name.length} characters` : typeof name}`,
    );
  }
  if (name.includes("\u0000")) throw new TypeError("checkpoint name must not contain \\u0000");
};

const assertValidPosition = (name: string, position: unknown): void => {
  if (typeof position !== "bigint") {
    throw new TypeError(
      `checkpoint ${name}: position must be a bigint (a global position), got ${typeof position}`,
    );
  }
  if (position < 0n || position > MAX_POSITION) {
    throw new RangeError(`checkpoint ${name}: position must be between 0n and 2^63 - 1, got ${position}`);
  }
};

/**
 * The {@link CheckpointStore} port over PostgreSQL: one row per reader in the schema's `checkpoints` table.
 *
 * **Monotonic.** `save` only ever moves a checkpoint forward: the guard sits in the upsert's WHERE clause, under
 * the row lock, so a slow or stale instance of a reader (two delivery workers during a deploy, a retried save
 * arriving late) can never rewind it. Saving the current or an older position is a no-op. Rewinding is a
 * deliberate act: {@link reset} forgets the checkpoint (the reader starts from the beginning), after which any
 * `save` is accepted. The in-memory store of the core keeps the last write instead; with readers that only
 * move forward (all of the library's do) both answer the same.
 */
export class PostgresCheckpointStore implements CheckpointStore {
  readonly #db: SqlExecutor;
  readonly #schema: string;

  /** `schema` must already be validated and migrated (the factories do both). */
  constructor(db: SqlExecutor, schema: string) {
    this.#db = db;
    this.#schema = schema;
  }

  /** The saved position of reader `name`, or undefined when it has none (start from the beginning). */
  async load(name: string): Promise<bigint | undefined> {
    assertValidName(name);
    const rows = await this.#db.query(
      `SELECT position::text AS position FROM "${this.#schema}".checkpoints WHERE name = $1`,
      [name],
    );
    const position = rows[0]?.position;
    return typeof position === "string" ? BigInt(position) : undefined;
  }

  /** Moves reader `name` forward to `position`; a position at or behind the saved one changes nothing. */
  async save(name: string, position: bigint): Promise<void> {
    assertValidName(name);
    assertValidPosition(name, position);
    await this.#db.query(
      `INSERT INTO "${this.#schema}".checkpoints AS current (name, position) VALUES ($1, $2::bigint)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position, updated_at = statement_timestamp()
        WHERE current.position < excluded.position`,
      [name, position.toString()],
    );
  }

  /** Forgets reader `name`'s checkpoint, so it reads the log again from the start (a rebuild). */
  async reset(name: string): Promise<void> {
    assertValidName(name);
    await this.#db.query(`DELETE FROM "${this.#schema}".checkpoints WHERE name = $1`, [name]);
  }
}
