import type { LedgerEvent } from "@vpp-ledger/core";
import type { SqlExecutor } from "@vpp-ledger/eventstore-postgres";

/**
 * Keeps each held-back event to be applied once. Events at or behind the position can only be a parked stream's
 * held-back events, handed over again after its repair (`resumeParkedStreams` commits them one by one without
 * moving the position). A crash in the middle of that leaves the stream parked, so a later pass hands the same
 * events over again; this remembers, per stream and in the same transaction, the last one applied, and drops
 * those already applied. Events ahead of the position pass through untouched.
 */
export const dropResumedTwice = async (
  tx: SqlExecutor,
  schema: string,
  generation: number,
  position: bigint | undefined,
  events: ReadonlyArray<LedgerEvent>,
): Promise<ReadonlyArray<LedgerEvent>> => {
  if (position === undefined || events.every((event) => event.place.globalPosition > position)) return events;
  const kept: LedgerEvent[] = [];
  const applied = new Map<string, bigint>();
  for (const event of events) {
    const { streamId, streamVersion, globalPosition } = event.place;
    if (globalPosition > position) {
      kept.push(event);
      continue;
    }
    let last = applied.get(streamId);
    if (last === undefined) {
      const rows = await tx.query(
        `SELECT stream_version::text AS version FROM "${schema}".resumed_streams
          WHERE generation = $1 AND stream_id = $2 FOR UPDATE`,
        [generation, streamId],
      );
      last = typeof rows[0]?.version === "string" ? BigInt(rows[0].version) : 0n;
    }
    if (streamVersion <= last) continue;
    kept.push(event);
    applied.set(streamId, streamVersion);
  }
  for (const [streamId, version] of applied) {
    await tx.query(
      `INSERT INTO "${schema}".resumed_streams (generation, stream_id, stream_version) VALUES ($1, $2, $3::bigint)
       ON CONFLICT (generation, stream_id) DO UPDATE SET stream_version = excluded.stream_version`,
      [generation, streamId, version.toString()],
    );
  }
  return kept;
};
