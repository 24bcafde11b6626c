import type { EventStoreDBClient } from "@eventstore/db-client";
import type { ParkedStream, ParkedStreamStore } from "@vpp-ledger/core";
import { foldParked, parkedKey, parkedRecord, releasedRecord } from "./parked-records.js";
import { appendDecided, assertReaderName, readWholeStream } from "./reader-streams.js";

/** Default name of the stream that holds every reader's parked streams. */
export const DEFAULT_PARKED_STREAM = "vppLedgerParkedStreams";

/** Options of {@link EsdbParkedStreamStore}. */
export interface EsdbParkedStreamStoreOptions {
  /** The stream of park and release records (default `"vppLedgerParkedStreams"`). */
  readonly stream?: string;
}

/**
 * The {@link ParkedStreamStore} port over EventStoreDB: one stream of `stream-parked` and `stream-released`
 * records for all readers, folded on each call. A write reads the stream, decides (first entry wins; releasing
 * what is not parked is a no-op) and appends with the revision it read, so concurrent readers cannot both park
 * one stream. Listing orders by global position, ties in parking order, as the other stores do.
 *
 * Limits (docs/eventstore-esdb.md): every call reads the whole stream, which grows by one record per park and
 * per release and is never truncated (the fold needs it all). Parking is rare (an undecodable event, a handler
 * failing for good), so thousands of records cost a few round trips; a host that parks constantly has a bug to
 * fix, or should keep parked streams in PostgreSQL (`PostgresParkedStreamStore`).
 */
export class EsdbParkedStreamStore implements ParkedStreamStore {
  readonly #client: EventStoreDBClient;
  readonly #stream: string;

  constructor(client: EventStoreDBClient, options: EsdbParkedStreamStoreOptions = {}) {
    this.#client = client;
    this.#stream = options.stream ?? DEFAULT_PARKED_STREAM;
    if (this.#stream.length === 0 || this.#stream.startsWith("$")) {
      throw new TypeError("option stream must be a non-empty stream name not starting with $");
    }
  }

  /** Records a parked stream, unless this reader parked it already (the first entry wins). */
  async park(entry: ParkedStream): Promise<void> {
    assertReaderName("parked entry reader", entry.reader);
    assertReaderName("parked entry streamId", entry.streamId);
    if (typeof entry.streamVersion !== "bigint" || entry.streamVersion < 1n) {
      throw new RangeError("parked entry streamVersion must be a bigint >= 1n");
    }
    if (typeof entry.globalPosition !== "bigint" || entry.globalPosition < 0n) {
      throw new RangeError("parked entry globalPosition must be a bigint >= 0n");
    }
    await appendDecided(
      this.#client,
      this.#stream,
      () => this.#read(),
      (parked) => (parked.has(parkedKey(entry.reader, entry.streamId)) ? undefined : parkedRecord(entry)),
    );
  }

  /** What is parked, for one reader or all, by global position (ties in parking order). */
  async list(reader?: string): Promise<ReadonlyArray<ParkedStream>> {
    const { state } = await this.#read();
    // Map order is parking order; a stable sort by position keeps it for ties.
    return [...state.values()]
      .filter((entry) => reader === undefined || entry.reader === reader)
      .sort((a, b) =>
        a.globalPosition < b.globalPosition ? -1 : a.globalPosition > b.globalPosition ? 1 : 0,
      );
  }

  /** Forgets a parked stream; releasing what is not parked writes nothing. */
  async release(reader: string, streamId: string): Promise<void> {
    assertReaderName("reader", reader);
    assertReaderName("streamId", streamId);
    await appendDecided(
      this.#client,
      this.#stream,
      () => this.#read(),
      (parked) => (parked.has(parkedKey(reader, streamId)) ? releasedRecord(reader, streamId) : undefined),
    );
  }

  async #read() {
    const records = await readWholeStream(this.#client, this.#stream);
    return { state: foldParked(records), revision: records.at(-1)?.revision };
  }
}
