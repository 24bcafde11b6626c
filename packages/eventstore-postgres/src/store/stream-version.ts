import type { SqlExecutor } from "../sql/client.js";

/** The stream's current version from its streams row; 0n when the stream has no events. */
export const readStreamVersion = async (
  db: SqlExecutor,
  schema: string,
  streamId: string,
): Promise<bigint> => {
  const rows = await db.query(
    `SELECT version::text AS version FROM "${schema}".streams WHERE stream_id = $1`,
    [streamId],
  );
  return BigInt(String(rows[0]?.version ?? "0"));
};
