/**
 * Migration 2: where each reader of the log (projection, outbound delivery) got to. One row per reader name;
 * positions are `events.global_position` values, hence bigint and never negative.
 */
export const v2Checkpoints = (schema: string): ReadonlyArray<string> => [
  `CREATE TABLE "${schema}".checkpoints (
     name text PRIMARY KEY,
     position bigint NOT NULL CHECK (position >= 0),
     updated_at timestamptz NOT NULL DEFAULT statement_timestamp()
   )`,
];
