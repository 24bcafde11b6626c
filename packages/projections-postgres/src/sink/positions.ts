import type { SqlExecutor } from "@vpp-ledger/eventstore-postgres";
import { ReadModelSinkMisconfigured, ReadModelsMoved } from "./errors.js";

/** Where a generation of the read models stands in the log. */
export interface GenerationPosition {
  readonly generation: number;
  /** The last position applied; undefined before the first batch. */
  readonly position: bigint | undefined;
}

/**
 * Reads the generation a sink writes (the serving one, or `fixed`) and how far `processor` has applied the log
 * to it, in one statement. Refuses a generation fed by another processor, and a fixed one that is gone.
 */
export const readGenerationPosition = async (
  db: SqlExecutor,
  schema: string,
  processor: string,
  fixed: number | undefined,
): Promise<GenerationPosition> => {
  const source =
    fixed === undefined
      ? `SELECT generation FROM "${schema}".serving`
      : `SELECT generation FROM "${schema}".generations WHERE generation = $1 AND status = 'building'`;
  const rows = await db.query(
    `SELECT g.generation, p.processor, p.position::text AS position
       FROM (${source}) g LEFT JOIN "${schema}".positions p ON p.generation = g.generation`,
    fixed === undefined ? [] : [fixed],
  );
  const row = rows[0];
  if (row === undefined || typeof row.generation !== "number") {
    throw new ReadModelSinkMisconfigured(
      `generation ${fixed ?? "serving"} is not being built (dropped, or switched)`,
    );
  }
  if (typeof row.processor === "string" && row.processor !== processor) {
    throw new ReadModelSinkMisconfigured(
      `generation ${row.generation} is fed by another processor; one processor name per read models`,
    );
  }
  return {
    generation: row.generation,
    position: typeof row.position === "string" ? BigInt(row.position) : undefined,
  };
};

/**
 * Inside a batch's transaction: checks that the generation is still the one the pass began with (the serving
 * row or the generation's row is locked FOR SHARE until commit, so a switch waits for the batch), then moves the
 * position from `from` to `to`, and refuses if it had moved since the pass read it (another instance committed).
 */
export const movePosition = async (
  tx: SqlExecutor,
  schema: string,
  processor: string,
  fixed: boolean,
  from: GenerationPosition,
  to: bigint,
): Promise<void> => {
  const current = fixed
    ? await tx.query(
        `SELECT generation FROM "${schema}".generations WHERE generation = $1 AND status = 'building' FOR SHARE`,
        [from.generation],
      )
    : await tx.query(`SELECT generation FROM "${schema}".serving FOR SHARE`);
  // Read models are a cache of the log: a commit lost in a server crash takes its position with it, and the
  // batch is read again. So the batch need not wait for its WAL flush (only a suffix of commits can be lost).
  await tx.query("SELECT set_config('synchronous_commit', 'off', true)");
  if (current[0]?.generation !== from.generation) {
    throw fixed
      ? new ReadModelSinkMisconfigured(`generation ${from.generation} is no longer being built`)
      : new ReadModelsMoved(`generation ${from.generation} no longer serves`);
  }
  if (from.position !== undefined && to < from.position) {
    throw new RangeError("a batch's position is behind the position it was read from");
  }
  const moved =
    from.position === undefined
      ? await tx.query(
          `INSERT INTO "${schema}".positions (processor, generation, position) VALUES ($1, $2, $3::bigint)
           ON CONFLICT DO NOTHING RETURNING 1 AS moved`,
          [processor, from.generation, to.toString()],
        )
      : await tx.query(
          `UPDATE "${schema}".positions SET position = $4::bigint, updated_at = statement_timestamp()
            WHERE processor = $1 AND generation = $2 AND position = $3::bigint RETURNING 1 AS moved`,
          [processor, from.generation, from.position.toString(), to.toString()],
        );
  if (moved.length === 0)
    throw new ReadModelsMoved(`another instance of processor ${processor} committed first`);
};
