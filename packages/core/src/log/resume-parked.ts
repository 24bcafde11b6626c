import { decodeLedgerEvent, type LedgerEvent } from "../ledger/streams.js";
import { isLedgerError } from "../store/errors.js";
import type { ParkedStream, ParkedStreamStore } from "../store/parked.js";
import type { EventStore, RecordedEvent } from "../store/port.js";

/** What {@link resumeParkedStreams} needs. */
export interface ResumeParkedOptions {
  readonly reader: string;
  readonly parked: ParkedStreamStore;
  /**
   * The reader's checkpoint: events of a parked stream up to it were held back and are processed here; later
   * ones are left to the reader's next pass over the log. Undefined: the reader has processed nothing yet.
   */
  readonly upTo: bigint | undefined;
  /** Processes one held-back event, as the reader would have; throwing stops the resume (it stays parked). */
  readonly handle: (event: LedgerEvent, recorded: RecordedEvent) => Promise<void>;
}

/** What a resume did. */
export interface ResumeParkedResult {
  /** Streams that decode again and were processed and released. */
  readonly resumed: ReadonlyArray<ParkedStream>;
  /** Streams still undecodable: they stay parked. */
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

/**
 * The repair path (R24): once a parked stream decodes again (an upcaster was added, or the event was repaired
 * with `redactEvent`), its held-back events are processed in stream order and the stream is released, so the
 * parked work is delivered. A stream that still fails stays parked. Call it at the start of each pass of a
 * reader, before reading on from the checkpoint. Processing is at-least-once, like the reader's.
 */
export const resumeParkedStreams = async (
  store: EventStore,
  options: ResumeParkedOptions,
): Promise<ResumeParkedResult> => {
  const resumed: ParkedStream[] = [];
  const stillParked: ParkedStream[] = [];
  for (const entry of await options.parked.list(options.reader)) {
    const upTo = options.upTo ?? entry.globalPosition - 1n;
    // Decode the whole held-back run first: a stream is processed completely or not at all.
    if (!(await decodesAgain(store, entry, upTo))) {
      stillParked.push(entry);
      continue;
    }
    for await (const recorded of heldBack(store, entry, upTo)) {
      const event = decodeLedgerEvent(recorded);
      if (event) await options.handle(event, recorded);
    }
    await options.parked.release(options.reader, entry.streamId);
    resumed.push(entry);
  }
  return { resumed, stillParked };
};
