import { appendChannel } from "./channel.js";

/**
 * Migration 4: every append that writes announces itself with `NOTIFY` on the schema's channel
 * ({@link appendChannel}), payload the last global position written (a few bytes). `pg_notify` inside the
 * append's transaction is queued and delivered only at commit, and never for a rolled-back append, so a
 * listener is woken exactly when the events became visible; the append lock makes the notifications arrive
 * in position order.
 *
 * Released migrations are never edited, so instead of rewriting version 1's function this renames it and puts
 * a thin wrapper under the old name and signature: code of every library version keeps calling
 * `append_to_stream`, and the append's checks and locks stay where version 1 put them.
 */
export const v4AppendNotify = (schema: string): ReadonlyArray<string> => {
  const s = `"${schema}"`;
  return [
    `ALTER FUNCTION ${s}.append_to_stream(text, text, bigint, jsonb) RENAME TO append_to_stream_v1`,
    `CREATE FUNCTION ${s}.append_to_stream(
       p_stream_id text, p_expected_kind text, p_expected_version bigint, p_events jsonb)
     RETURNS TABLE (outcome text, next_version bigint, last_position bigint)
     LANGUAGE plpgsql AS $fn$
     DECLARE
       r record;
     BEGIN
       SELECT a.outcome, a.next_version, a.last_position INTO r
         FROM ${s}.append_to_stream_v1(p_stream_id, p_expected_kind, p_expected_version, p_events) AS a;
       IF r.outcome = 'written' THEN
         -- Still under the append lock: the notification is sent at commit, in commit (= position) order.
         PERFORM pg_notify('${appendChannel(schema)}', r.last_position::text);
       END IF;
       RETURN QUERY SELECT r.outcome, r.next_version, r.last_position;
     END
     $fn$`,
  ];
};
