import { decodeLedgerEvent, type LedgerEvent } from "../ledger/streams.js";
import { isLedgerError } from "../store/errors.js";
import type { ParkedStream, ParkedStreamStore } from "../store/parked.js";
import type { EventStore, RecordedEvent } from "../store/port.js";
import { parkedEntryFor, parksStream } from "./read-ledger-log.js";

/** What {@link resumeParkedStreams} needs. */
export interface ResumeParkedOptions {
  readonly reader: string;
  readonly parked: ParkedStreamStore;
  /**
   * The reader's checkpoint: events of a parked stream up to it were held back and are processed here; later
   * ones are left to the reader's next pass over the log. Undefined: the reader has processed nothing yet.
   */
  readonly upTo: bigint | undefined;
  /**
   * Processes one held-back event, as the reader would have. Throwing a non-retryable `LedgerError` leaves the
   * stream parked at that event; anything else stops the resume and is thrown.
   */
  readonly handle: (event: LedgerEvent, recorded: RecordedEvent) => Promise<void>;
}

/** What a resume did. */
export interface ResumeParkedResult {
  /**
   * Streams released: their held-back events decoded and were processed, or the checkpoint was still before
   * the parked event, so the reader's pass reads it again.
   */
  readonly resumed: ReadonlyArray<ParkedStream>;
  /** Streams that still fail: they stay parked (at the event that failed). */
  readonly stillParked: ReadonlyArray<ParkedStream>;
}

const heldBack = async function* (
  store: EventStore,
  entry: ParkedStream,
  upTo: bigint,
): AsyncGenerator<RecordedEvent> {
  for await (const recorded of store.readStream(entry.streamId, { after: entry.streamVersion - 1n })) {
    if (recorded.globalPosition > upTo) return;
    yield recorded;
  }
};

const decodesAgain = async (store: EventStore, entry: ParkedStream, upTo: bigint): Promise<boolean> => {
  try {
    for await (const recorded of heldBack(store, entry, upTo)) decodeLedgerEvent(recorded);
    return true;
  } catch (error) {
    if (isLedgerError(error, "corrupt-event")) return false;
    throw error;
  }
};

/** Processes one parked stream's held-back run; the entry it stays parked at, or undefined once released. */
const resumeOne = async (
  store: EventStore,
  options: ResumeParkedOptions,
  entry: ParkedStream,
): Promise<ParkedStream | undefined> => {
  if (options.upTo === undefined || options.upTo < entry.globalPosition) {
    // The reader's checkpoint is still before the parked event: its next pass reads the event again (and parks
    // it again if it still fails), so there is nothing held back to process here.
    await options.parked.release(options.reader, entry.streamId);
    return undefined;
  }
  const upTo = options.upTo;
  // Decode the whole held-back run first: an undecodable stream is not processed part-way.
  if (!(await decodesAgain(store, entry, upTo))) return entry;
  for await (const recorded of heldBack(store, entry, upTo)) {
    const event = decodeLedgerEvent(recorded);
    if (!event) continue;
    try {
      await options.handle(event, recorded);
    } catch (error) {
      if (!parksStream(error)) throw error;
      // Parked again, at the event that failed now: what came before it was processed.
      const again = parkedEntryFor(options.reader, recorded, error);
      await options.parked.release(options.reader, entry.streamId);
      await options.parked.park(again);
      return again;
    }
  }
  await options.parked.release(options.reader, entry.streamId);
  return undefined;
};

/**
 * The repair path (R24): once a parked stream decodes and processes again (an upcaster was added, the event was
 * repaired with `redactEvent`, the stream a handler depends on was repaired), its held-back events are processed
 * in stream order and the stream is released, so the parked work is done. A stream that still fails stays
 * parked. Call it at the start of each pass of a reader, before reading on from the checkpoint. Processing is
 * at-least-once, like the reader's.
 */
export const resumeParkedStreams = async (
  store: EventStore,
  options: ResumeParkedOptions,
): Promise<ResumeParkedResult> => {
  const resumed: ParkedStream[] = [];
  const stillParked: ParkedStream[] = [];
  for (const entry of await options.parked.list(options.reader)) {
    const parkedAt = await resumeOne(store, options, entry);
    if (parkedAt) stillParked.push(parkedAt);
    else resumed.push(entry);
  }
  return { resumed, stillParked };
};
