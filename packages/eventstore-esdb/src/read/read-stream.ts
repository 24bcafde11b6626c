import type { EventStoreDBClient } from "@eventstore/db-client";
import type { RecordedEvent } from "@vpp-ledger/core";
import { readStreamPage } from "../client/reads.js";
import { decodeLedgerRecord } from "../codec/decode-event.js";

/**
 * A ledger stream forwards after version `after`, one page of `batchSize` records per round trip. Version
 * `after + 1` is revision `after`, so the first page starts there; each next page starts after the last
 * version seen. A page shorter than asked for is the end.
 */
export async function* readLedgerStream(
  client: EventStoreDBClient,
  streamId: string,
  after: bigint,
  batchSize: number,
): AsyncGenerator<RecordedEvent> {
  let next = after;
  for (;;) {
    const page = await readStreamPage(client, streamId, next, batchSize);
    for (const record of page) {
      const event = decodeLedgerRecord(record);
      next = event.streamVersion;
      yield event;
    }
    if (page.length < batchSize) return;
  }
}
