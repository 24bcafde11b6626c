import type { WorkflowSnapshot, WorkflowStateStore } from "@vpp-ledger/core";
import type { SqlExecutor } from "../sql/client.js";
import { assertBigintColumn, assertValidName } from "./column-input.js";
import { StoreLifecycle } from "./lifecycle.js";
import { runOperation } from "./operation.js";

/**
 * The {@link WorkflowStateStore} port over PostgreSQL (migration 6): one row per workflow in `workflow_states`,
 * the state as `jsonb`. Like the checkpoints, a snapshot only moves forward: a slow instance saving an older one
 * changes nothing.
 */
export class PostgresWorkflowStateStore implements WorkflowStateStore {
  readonly #db: SqlExecutor;
  readonly #schema: string;
  readonly #lifecycle: StoreLifecycle;

  /** `schema` must already be validated and migrated (the factories do both). */
  constructor(db: SqlExecutor, schema: string, options: { readonly lifecycle?: StoreLifecycle } = {}) {
    this.#db = db;
    this.#schema = schema;
    this.#lifecycle =
      options.lifecycle ?? new StoreLifecycle(`the PostgreSQL workflow state store of schema "${schema}"`);
  }

  /** The snapshot of workflow `name`, or undefined when it has none. */
  load(name: string): Promise<WorkflowSnapshot | undefined> {
    return runOperation(this.#lifecycle, "workflowStates.load", async () => {
      assertValidName("workflow name", name);
      const rows = await this.#db.query(
        `SELECT position::text AS position, state FROM "${this.#schema}".workflow_states WHERE name = $1`,
        [name],
      );
      const row = rows[0];
      return row === undefined || typeof row.position !== "string"
        ? undefined
        : { position: BigInt(row.position), state: row.state };
    });
  }

  /** Replaces the snapshot of workflow `name` unless the saved one is further along the log. */
  save(name: string, snapshot: WorkflowSnapshot): Promise<void> {
    return runOperation(this.#lifecycle, "workflowStates.save", async () => {
      assertValidName("workflow name", name);
      assertBigintColumn(`workflow ${name}: position (a global position)`, snapshot.position, 0n);
      const state = JSON.stringify(snapshot.state);
      if (state === undefined)
        throw new TypeError(`workflow ${name}: the state must be JSON-serialisable data`);
      await this.#db.query(
        `INSERT INTO "${this.#schema}".workflow_states AS current (name, position, state)
         VALUES ($1, $2::bigint, $3::jsonb)
         ON CONFLICT (name) DO UPDATE SET position = excluded.position, state = excluded.state,
           updated_at = statement_timestamp()
          WHERE current.position <= excluded.position`,
        [name, snapshot.position.toString(), state],
      );
    });
  }
}
