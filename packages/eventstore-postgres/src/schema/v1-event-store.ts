/**
 * Migration 1: the event log, the per-stream version table, snapshots, and the append function. Every name is
 * qualified with the (validated) schema, so one database can hold many independent stores.
 */
export const v1EventStore = (schema: string): ReadonlyArray<string> => {
  const s = `"${schema}"`;
  return [
    // One row per stream: its lock (appends to a stream queue on it) and its current version.
    `CREATE TABLE ${s}.streams (
       stream_id text PRIMARY KEY,
       version bigint NOT NULL CHECK (version >= 0)
     )`,
    // The log. CACHE 1 keeps positions in allocation order across sessions; the append lock (below) makes
    // allocation order the commit order. transaction_id records which events were written together.
    `CREATE TABLE ${s}.events (
       global_position bigint GENERATED ALWAYS AS IDENTITY (CACHE 1) PRIMARY KEY,
       stream_id text NOT NULL,
       stream_version bigint NOT NULL CHECK (stream_version > 0),
       event_id uuid NOT NULL,
       event_type text NOT NULL,
       schema_version integer NOT NULL,
       data jsonb NOT NULL,
       metadata jsonb NOT NULL,
       transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
       stored_at timestamptz NOT NULL DEFAULT statement_timestamp(),
       CONSTRAINT events_event_id_key UNIQUE (event_id),
       CONSTRAINT events_stream_version_key UNIQUE (stream_id, stream_version)
     )`,
    `CREATE TABLE ${s}.snapshots (
       stream_id text PRIMARY KEY,
       stream_version bigint NOT NULL CHECK (stream_version > 0),
       schema_version integer NOT NULL,
       state jsonb NOT NULL,
       stored_at timestamptz NOT NULL DEFAULT statement_timestamp()
     )`,
    // One statement per append, so an append is one round trip and one transaction. Outcomes: 'written';
    // 'duplicate' (some ids are already in this stream: the caller classifies the retry); SQLSTATE VL002 with
    // the id in DETAIL when an id is stored in another stream; SQLSTATE VL001 with the actual version in
    // DETAIL when the expected version does not hold.
    `CREATE FUNCTION ${s}.append_to_stream(
       p_stream_id text, p_expected_kind text, p_expected_version bigint, p_events jsonb)
     RETURNS TABLE (outcome text, next_version bigint, last_position bigint)
     LANGUAGE plpgsql AS $fn$
     #variable_conflict use_column
     DECLARE
       v_current bigint;
       v_count bigint := jsonb_array_length(p_events);
       v_last bigint;
       v_expected_holds boolean;
       v_id uuid;
       v_stream text;
       v_duplicate boolean := false;
     BEGIN
       SELECT version INTO v_current FROM ${s}.streams WHERE stream_id = p_stream_id FOR UPDATE;
       IF NOT FOUND THEN
         -- A concurrent creator makes this wait for its commit; then the row exists and is locked below.
         INSERT INTO ${s}.streams (stream_id, version) VALUES (p_stream_id, 0) ON CONFLICT (stream_id) DO NOTHING;
         SELECT version INTO v_current FROM ${s}.streams WHERE stream_id = p_stream_id FOR UPDATE;
       END IF;
       -- One unique-index probe per id: a join against the stream could be planned as a scan of the whole
       -- stream (generic plans do), making appends slower as streams grow.
       FOREACH v_id IN ARRAY ARRAY(SELECT (x->>'id')::uuid FROM jsonb_array_elements(p_events) AS x) LOOP
         SELECT stream_id INTO v_stream FROM ${s}.events WHERE event_id = v_id;
         CONTINUE WHEN NOT FOUND;
         IF v_stream <> p_stream_id THEN
           RAISE EXCEPTION USING ERRCODE = 'VL002', DETAIL = v_id::text,
             MESSAGE = format('event id %s is stored in another stream', v_id);
         END IF;
         v_duplicate := true;
       END LOOP;
       IF v_duplicate THEN
         RETURN QUERY SELECT 'duplicate'::text, v_current, NULL::bigint;
         RETURN;
       END IF;
       -- In a variable: an IF condition would end at the CASE's first THEN.
       v_expected_holds := CASE p_expected_kind
                             WHEN 'any' THEN true
                             WHEN 'no_stream' THEN v_current = 0
                             WHEN 'stream_exists' THEN v_current > 0
                             ELSE v_current = p_expected_version
                           END;
       IF NOT v_expected_holds THEN
         RAISE EXCEPTION USING ERRCODE = 'VL001', DETAIL = v_current::text,
           MESSAGE = format('stream %s is at version %s', p_stream_id, v_current);
       END IF;
       -- The append lock: taken last and held until commit, so global positions are handed out in commit
       -- order and a reader that has seen position p can never later find a smaller one committed.
       PERFORM pg_advisory_xact_lock(hashtextextended('vpp-ledger:append:${schema}', 0));
       WITH inserted AS (
         INSERT INTO ${s}.events (stream_id, stream_version, event_id, event_type, schema_version, data, metadata)
         SELECT p_stream_id, v_current + x.n, (x.e->>'id')::uuid, x.e->>'type',
                (x.e->>'schemaVersion')::integer, x.e->'data', x.e->'metadata'
           FROM jsonb_array_elements(p_events) WITH ORDINALITY AS x(e, n)
          ORDER BY x.n
         RETURNING global_position)
       SELECT max(global_position) INTO v_last FROM inserted;
       UPDATE ${s}.streams SET version = v_current + v_count WHERE stream_id = p_stream_id;
       RETURN QUERY SELECT 'written'::text, v_current + v_count, v_last;
     END
     $fn$`,
  ];
};
