import { END, type EventStoreDBClient, type Position } from "@eventstore/db-client";
import { readAllBackwardsPage } from "../client/reads.js";
import { classifyRecord } from "../codec/decode-event.js";

/** Records read back per round trip while looking for the last ledger event. */
const PAGE = 500;
/** Records looked at before giving up on finding a ledger event near the end (see `readHeadPosition`). */
export const MAX_HEAD_SCAN = 10_000;

/**
 * The position of the last ledger event in `$all` (0n when there is none), read backwards from the end: the
 * records after it (the adapter's snapshots, other applications' events, system records) are not events a
 * processor can reach, so a caught-up processor has lag 0. `$all` shows a record only once it is committed,
 * in commit order, so no ledger event below this position can still appear. Looking back is bounded by
 * {@link MAX_HEAD_SCAN} records: past it, the oldest position looked at is returned, an upper bound of the
 * true head (lag then reads a little high until a ledger event is appended).
 */
export const readHeadPosition = async (client: EventStoreDBClient): Promise<bigint> => {
  let from: Position | typeof END = END;
  let scanned = 0;
  let oldest: Position | undefined;
  while (scanned < MAX_HEAD_SCAN) {
    const page = await readAllBackwardsPage(client, from, PAGE);
    for (const record of page) {
      // A backwards read may start at the record it was asked from: never look at one twice.
      if (from !== END && record.position.commit >= from.commit) continue;
      scanned += 1;
      oldest = record.position;
      if (record.streamId.startsWith("$") || record.type.startsWith("$")) continue;
      try {
        if (classifyRecord(record).kind === "ledger") return record.position.commit;
      } catch {
        // A ledger record with a broken envelope is still the ledger's: readAll stops there, so it counts.
        return record.position.commit;
      }
    }
    // The start of the log, and no ledger event in it.
    if (page.length < PAGE || oldest === undefined) return 0n;
    from = oldest;
  }
  return oldest?.commit ?? 0n;
};
