import type { CheckpointStore } from "@vpp-ledger/core";
import type { SqlExecutor } from "../sql/client.js";
import { assertValidName } from "./column-input.js";
import { StoreLifecycle } from "./lifecycle.js";
import { runOperation } from "./operation.js";
import { saveCheckpointIn } from "./save-checkpoint.js";

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
  readonly #lifecycle: StoreLifecycle;

  /**
   * `schema` must already be validated and migrated (the factories do both). `lifecycle` is shared with the
   * storage's other stores so its `close()` drains them all; a private one unless given.
   */
  constructor(db: SqlExecutor, schema: string, options: { readonly lifecycle?: StoreLifecycle } = {}) {
    this.#db = db;
    this.#schema = schema;
    this.#lifecycle =
      options.lifecycle ?? new StoreLifecycle(`the PostgreSQL checkpoint store of schema "${schema}"`);
  }

  /** The saved position of reader `name`, or undefined when it has none (start from the beginning). */
  load(name: string): Promise<bigint | undefined> {
    return runOperation(this.#lifecycle, "checkpoints.load", async () => {
      assertValidName("checkpoint name", name);
      const rows = await this.#db.query(
        `SELECT position::text AS position FROM "${this.#schema}".checkpoints WHERE name = $1`,
        [name],
      );
      const position = rows[0]?.position;
      return typeof position === "string" ? BigInt(position) : undefined;
    });
  }

  /** Moves reader `name` forward to `position`; a position at or behind the saved one changes nothing. */
  save(name: string, position: bigint): Promise<void> {
    return runOperation(this.#lifecycle, "checkpoints.save", () =>
      saveCheckpointIn(this.#db, this.#schema, name, position),
    );
  }

  /** Forgets reader `name`'s checkpoint, so it reads the log again from the start (a rebuild). */
  reset(name: string): Promise<void> {
    return runOperation(this.#lifecycle, "checkpoints.reset", async () => {
      assertValidName("checkpoint name", name);
      await this.#db.query(`DELETE FROM "${this.#schema}".checkpoints WHERE name = $1`, [name]);
    });
  }
}
