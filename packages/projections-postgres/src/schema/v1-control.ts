/**
 * Migration 1, part one: the tables that say which version of the read models serves queries and how far each
 * version has read the log. Not partitioned: they outlive every generation.
 *
 * - `generations`: every version of the read models and its status (`building` while a rebuild fills it,
 *   `serving` for the one queries read).
 * - `serving`: a single row naming the serving generation: the "active version" pointer. Queries read it through
 *   `serving_generation()` in the same statement as the rows, so one statement never mixes two versions; a switch
 *   is one UPDATE of this row.
 * - `positions`: how far each generation has read the log, keyed by the processor that feeds it; one processor
 *   per generation (the unique index), so two differently named processors can never both apply the log to it.
 * - `resumed_streams`: the last event of each parked stream applied when its held-back events came back, so a
 *   resume interrupted by a crash never applies an event twice.
 */
export const v1Control = (schema: string): ReadonlyArray<string> => [
  `CREATE TABLE "${schema}".generations (
     generation integer PRIMARY KEY CHECK (generation > 0),
     status text NOT NULL CHECK (status IN ('building', 'serving', 'retired')),
     created_at timestamptz NOT NULL DEFAULT statement_timestamp(),
     switched_at timestamptz
   )`,
  `CREATE TABLE "${schema}".serving (
     singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
     generation integer NOT NULL
   )`,
  // STABLE: evaluated once per statement, with the statement's snapshot, and usable for partition pruning.
  `CREATE FUNCTION "${schema}".serving_generation() RETURNS integer LANGUAGE sql STABLE
     AS $$ SELECT generation FROM "${schema}".serving $$`,
  `CREATE TABLE "${schema}".positions (
     processor text NOT NULL,
     generation integer NOT NULL,
     position bigint NOT NULL CHECK (position >= 0),
     updated_at timestamptz NOT NULL DEFAULT statement_timestamp(),
     PRIMARY KEY (processor, generation)
   )`,
  `CREATE UNIQUE INDEX positions_one_processor ON "${schema}".positions (generation)`,
  `CREATE TABLE "${schema}".resumed_streams (
     generation integer NOT NULL,
     stream_id text NOT NULL,
     stream_version bigint NOT NULL,
     PRIMARY KEY (generation, stream_id)
   )`,
  `INSERT INTO "${schema}".generations (generation, status, switched_at) VALUES (1, 'serving', statement_timestamp())`,
  `INSERT INTO "${schema}".serving (generation) VALUES (1)`,
];
