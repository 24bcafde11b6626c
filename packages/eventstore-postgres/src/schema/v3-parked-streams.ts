/**
 * Migration 3: streams a log reader parked because it could not process one of their events (R24), one row
 * per (reader, stream). Versions and positions are those of `events`, hence bigint. `parked_order` breaks
 * ties between entries at the same position (two readers parking the same event) in the order they were
 * parked, as the core's in-memory store lists them.
 */
export const v3ParkedStreams = (schema: string): ReadonlyArray<string> => [
  `CREATE TABLE "${schema}".parked_streams (
     reader text NOT NULL,
     stream_id text NOT NULL,
     stream_version bigint NOT NULL CHECK (stream_version > 0),
     global_position bigint NOT NULL CHECK (global_position >= 0),
     event_type text NOT NULL,
     field text NOT NULL,
     code text NOT NULL,
     reason text NOT NULL,
     parked_order bigint GENERATED ALWAYS AS IDENTITY,
     parked_at timestamptz NOT NULL DEFAULT statement_timestamp(),
     PRIMARY KEY (reader, stream_id)
   )`,
];
