import type { SqlExecutor } from "@vpp-ledger/eventstore-postgres";
import { partitionOf, READ_MODEL_TABLES } from "../schema/tables.js";

/**
 * Refreshes the planner's statistics of one generation's partitions. A generation filled by a catch-up or a
 * rebuild grows from nothing; without statistics the planner may pick a scan and a sort over an index for the
 * console's queries. A server's autovacuum gets there eventually; PGlite runs no autovacuum at all.
 */
export const analyzeGeneration = async (
  db: SqlExecutor,
  schema: string,
  generation: number,
): Promise<void> => {
  for (const table of READ_MODEL_TABLES) await db.query(`ANALYZE ${partitionOf(schema, table, generation)}`);
};

/**
 * When a sink analyzes its generation: after its first 50,000 applied events, then each time it has applied as
 * many again (100,000, 200,000, …): a catch-up of a million events analyzes five times, about 2% of its time,
 * and the statistics are never more than half the table behind. A steady live flow rarely reaches the next mark.
 */
export class AnalyzeSchedule {
  #applied = 0;
  #next = 50_000;

  /** Counts applied events; true when it is time to analyze. */
  applied(events: number): boolean {
    this.#applied += events;
    if (this.#applied < this.#next) return false;
    this.#next = this.#applied * 2;
    return true;
  }
}
