import { randomUUID } from "node:crypto";
import { type EventStoreDBClient, type JSONEventData, NO_STREAM } from "@eventstore/db-client";
import { ConcurrencyRetriesExhausted } from "@vpp-ledger/core";
import { callClient, isWrongExpectedVersion, translateClientError } from "../client/errors.js";
import { readStreamPage } from "../client/reads.js";
import type { EsdbRecord } from "../codec/decode-event.js";

/**
 * Marks the records of the readers' streams (checkpoints, parked streams): they carry no ledger envelope, so
 * log readers skip them, and tools can tell them from other applications' events.
 */
const READER_KEY = "vppLedgerReader";

/** A JSON record of a readers' stream. */
export const readerRecord = (type: string, data: Record<string, unknown>): JSONEventData => ({
  id: randomUUID(),
  contentType: "application/json",
  type,
  data,
  metadata: { [READER_KEY]: { format: 1 } },
});

/** Every record of `stream`, in pages of 500 (a missing stream has none). */
export const readWholeStream = async (client: EventStoreDBClient, stream: string): Promise<EsdbRecord[]> => {
  const records: EsdbRecord[] = [];
  for (let from = 0n; ; ) {
    const page = await readStreamPage(client, stream, from, 500);
    records.push(...page);
    if (page.length < 500) return records;
    from = page.at(-1)!.revision + 1n;
  }
};

/** Attempts of a write that keeps losing to other writers of the same stream before it gives up. */
export const MAX_READER_WRITE_ATTEMPTS = 10;

/**
 * The read-decide-append loop of the readers' stores: `decide` looks at what the stream holds (and its last
 * revision) and returns the record to append, or nothing; the append expects that revision, so two writers
 * cannot both act on the same state, and the loser reads again and decides again. `create` runs before the
 * first append to a new stream (to set its metadata).
 */
export const appendDecided = async <S>(
  client: EventStoreDBClient,
  stream: string,
  read: () => Promise<{ readonly state: S; readonly revision: bigint | undefined }>,
  decide: (state: S) => JSONEventData | undefined,
  create?: () => Promise<void>,
): Promise<void> => {
  let seen = 0n;
  for (let attempt = 1; attempt <= MAX_READER_WRITE_ATTEMPTS; attempt++) {
    const { state, revision } = await read();
    seen = revision === undefined ? 0n : revision + 1n;
    const record = decide(state);
    if (record === undefined) return;
    if (revision === undefined) await create?.();
    try {
      await client.appendToStream(stream, record, { expectedRevision: revision ?? NO_STREAM });
      return;
    } catch (error) {
      if (!isWrongExpectedVersion(error)) throw translateClientError(error, `a write to ${stream}`);
    }
  }
  throw new ConcurrencyRetriesExhausted(stream, MAX_READER_WRITE_ATTEMPTS, seen);
};

/** Sets `$maxCount` on a stream ESDB should keep only the last records of. */
export const keepLast = (client: EventStoreDBClient, stream: string, count: number): Promise<void> =>
  callClient(`setting the metadata of ${stream}`, async () => {
    await client.setStreamMetadata(stream, { maxCount: count });
  });

/** A reader's name or a stream id: 1-256 characters (stream names hold any text, so this only bounds it). */
export const assertReaderName = (label: string, name: unknown): void => {
  if (typeof name !== "string" || name.length === 0 || name.length > 256) {
    throw new TypeError(`${label} must be a string of 1-256 characters`);
  }
};
