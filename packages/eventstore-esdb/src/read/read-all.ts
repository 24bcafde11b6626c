import { type EventStoreDBClient, type Position, START } from "@eventstore/db-client";
import type { RecordedEvent } from "@vpp-ledger/core";
import { type EsdbLogRecord, readAllPage } from "../client/reads.js";
import { classifyRecord } from "../codec/decode-event.js";

const compare = (a: Position, b: Position): number =>
  a.commit === b.commit ? Number(a.prepare - b.prepare) : a.commit < b.commit ? -1 : 1;

/** System streams and system events (`$`-prefixed: metadata, links, stats) are never the ledger's. */
const isSystem = (record: EsdbLogRecord): boolean =>
  record.streamId.startsWith("$") || record.type.startsWith("$");

/**
 * The ledger's events in `$all` after global position `after`, in log order, `batchSize` records per round
 * trip. ESDB reads `$all` from a position inclusively, so every page after the first asks for one record
 * more and drops the one it resumed from. System events and events without the ledger envelope (other
 * applications', the adapter's index and snapshot events) are skipped, but still move the cursor: a page
 * full of them costs a round trip, never a gap or a loop.
 */
export async function* readLedgerLog(
  client: EventStoreDBClient,
  after: bigint,
  batchSize: number,
): AsyncGenerator<RecordedEvent> {
  // A ledger event's commit and prepare positions are equal (ESDB commits each append's records in place),
  // so a position the adapter handed out is a record boundary ESDB can start a read from.
  let cursor: Position | undefined = after === 0n ? undefined : { commit: after, prepare: after };
  for (;;) {
    const asked = cursor === undefined ? batchSize : batchSize + 1;
    const page = await readAllPage(client, cursor ?? START, asked);
    for (const record of page) {
      if (cursor !== undefined && compare(record.position, cursor) <= 0) continue;
      cursor = record.position;
      if (record.position.commit <= after || isSystem(record)) continue;
      const classified = classifyRecord(record);
      if (classified.kind === "ledger") yield classified.event;
    }
    if (page.length < asked) return;
  }
}
