import type { RecordedEvent } from "@vpp-ledger/core";
import type { SqlExecutor, SqlParam } from "../sql/client.js";
import { decodeEventRow } from "./event-row.js";

/** One keyset-paginated read: the query for the page after a key, and the key of an event. */
export interface PagedRead {
  /** SQL whose last two parameters are the exclusive lower key (bigint as text) and the page size. */
  readonly sql: string;
  readonly params: ReadonlyArray<SqlParam>;
  readonly keyOf: (event: RecordedEvent) => bigint;
}

/**
 * Yields events page by page (keyset pagination: `key > after ORDER BY key LIMIT n`), so memory holds one
 * page whatever the length of the stream or log. Each page is its own short statement: no transaction or
 * cursor stays open while the consumer works. A page shorter than `batchSize` ends the read.
 */
export async function* readPages(
  db: SqlExecutor,
  read: PagedRead,
  after: bigint,
  batchSize: number,
): AsyncGenerator<RecordedEvent> {
  let cursor = after;
  for (;;) {
    const rows = await db.query(read.sql, [...read.params, cursor.toString(), batchSize]);
    for (const row of rows) {
      const event = decodeEventRow(row);
      cursor = read.keyOf(event);
      yield event;
    }
    if (rows.length < batchSize) return;
  }
}
