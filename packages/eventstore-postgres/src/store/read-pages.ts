import type { RecordedEvent } from "@vpp-ledger/core";
import type { SqlExecutor, SqlParam } from "../sql/client.js";
import { decodeEventRow } from "./event-row.js";
import type { StoreLifecycle } from "./lifecycle.js";
import { runOperation } from "./operation.js";

/** One keyset-paginated read: the query for the page after a key, and the key of an event. */
export interface PagedRead {
  /** SQL whose last two parameters are the exclusive lower key (bigint as text) and the page size. */
  readonly sql: string;
  readonly params: ReadonlyArray<SqlParam>;
  readonly keyOf: (event: RecordedEvent) => bigint;
}

/** Where a read runs: the connection, and the lifecycle and name each page query runs under. */
export interface ReadContext {
  readonly db: SqlExecutor;
  readonly lifecycle: StoreLifecycle;
  /** `readStream` or `readAll`, for errors. */
  readonly operation: string;
}

/**
 * Yields events page by page (keyset pagination: `key > after ORDER BY key LIMIT n`), so memory holds one
 * page whatever the length of the stream or log. Each page is its own short statement and its own store
 * operation: no transaction or cursor stays open while the consumer works, and a consumer still iterating
 * when the storage closes gets `StoreClosed` at its next page instead of holding `close()` up. A page shorter
 * than `batchSize` ends the read.
 */
export async function* readPages(
  context: ReadContext,
  read: PagedRead,
  after: bigint,
  batchSize: number,
): AsyncGenerator<RecordedEvent> {
  const { db, lifecycle, operation } = context;
  let cursor = after;
  for (;;) {
    const page = cursor;
    const rows = await runOperation(lifecycle, operation, () =>
      db.query(read.sql, [...read.params, page.toString(), batchSize]),
    );
    for (const row of rows) {
      const event = decodeEventRow(row);
      cursor = read.keyOf(event);
      yield event;
    }
    if (rows.length < batchSize) return;
  }
}
