import type { SqlExecutor } from "@vpp-ledger/eventstore-postgres";

/** One generation of the read models and how far it has read the log. */
export interface GenerationStatus {
  readonly generation: number;
  readonly status: "building" | "serving" | "retired";
  readonly processor: string | null;
  readonly position: bigint | null;
}

/** The read models' generations (oldest first) and the serving one. */
export interface ReadModelStatus {
  readonly serving: number;
  readonly generations: ReadonlyArray<GenerationStatus>;
}

const STATUSES = ["building", "serving", "retired"] as const;

/** Reads the generations and their positions in one statement. */
export const readStatus = async (db: SqlExecutor, schema: string): Promise<ReadModelStatus> => {
  const rows = await db.query(
    `SELECT g.generation, g.status, p.processor, p.position::text AS position,
            (SELECT generation FROM "${schema}".serving) AS serving
       FROM "${schema}".generations g LEFT JOIN "${schema}".positions p ON p.generation = g.generation
      ORDER BY g.generation`,
  );
  return {
    serving: Number(rows[0]?.serving),
    generations: rows.map((row) => ({
      generation: Number(row.generation),
      status: STATUSES.find((s) => s === row.status) ?? "retired",
      processor: typeof row.processor === "string" ? row.processor : null,
      position: typeof row.position === "string" ? BigInt(row.position) : null,
    })),
  };
};
