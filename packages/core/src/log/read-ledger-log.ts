import { decodeLedgerEvent, type LedgerEvent } from "../ledger/streams.js";
import { type CorruptEvent, isLedgerError } from "../store/errors.js";
import type { ParkedStream, ParkedStreamStore } from "../store/parked.js";
import type { EventStore, RecordedEvent } from "../store/port.js";

/** How a reader of the global log reads it (see {@link readLedgerLog}). */
export interface LedgerLogOptions {
  /** The reader's name (its checkpoint name): streams are parked per reader. */
  readonly reader: string;
  /** Where parked streams are kept; give a durable one (PostgreSQL) to a reader that checkpoints durably. */
  readonly parked: ParkedStreamStore;
  /** Told about each stream parked (for the host's alerts); a throwing hook is ignored. */
  readonly onParked?: (entry: ParkedStream) => void | Promise<void>;
  /** Resume after this global position (exclusive). */
  readonly after?: bigint;
  readonly batchSize?: number;
}

/** One entry of the global log as a reader sees it. */
export type LedgerLogEntry =
  /** A ledger event to process. */
  | { readonly kind: "event"; readonly recorded: RecordedEvent; readonly event: LedgerEvent }
  /** Nothing to process: a stream that is not the ledger's, or one parked for this reader. */
  | { readonly kind: "skipped"; readonly recorded: RecordedEvent }
  /** This event could not be decoded: its stream is now parked for this reader. */
  | { readonly kind: "parked"; readonly recorded: RecordedEvent; readonly entry: ParkedStream };

/** The parked entry for an event that failed to decode: where it is and what failed, never a stored value. */
export const parkedEntryFor = (
  reader: string,
  recorded: RecordedEvent,
  error: CorruptEvent,
): ParkedStream => ({
  reader,
  streamId: recorded.streamId,
  streamVersion: recorded.streamVersion,
  globalPosition: recorded.globalPosition,
  eventType: recorded.type,
  field: error.path,
  code: error.code,
  reason: error.message,
});

/** Calls a host hook without letting it fail the reader. */
export const notifyParked = async (
  hook: LedgerLogOptions["onParked"],
  entry: ParkedStream,
): Promise<void> => {
  try {
    await hook?.(entry);
  } catch {
    // An alerting hook that fails must not stop delivery for every other tenant.
  }
};

/**
 * Reads the global log for one reader with isolation (R24): an event that cannot be decoded parks its own stream
 * (recorded in `parked`, reported to `onParked`) and the reader goes on with every other stream. Later events of
 * a parked stream are skipped until {@link resumeParkedStreams} processes them after a repair, so no reader ever
 * sees a stream out of order. Store failures are thrown (the reader stops and retries later).
 */
export async function* readLedgerLog(
  store: EventStore,
  options: LedgerLogOptions,
): AsyncGenerator<LedgerLogEntry, void, undefined> {
  const parked = new Set((await options.parked.list(options.reader)).map((entry) => entry.streamId));
  const read = store.readAll({
    ...(options.after === undefined ? {} : { after: options.after }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
  });
  for await (const recorded of read) {
    if (parked.has(recorded.streamId)) {
      yield { kind: "skipped", recorded };
      continue;
    }
    let event: LedgerEvent | undefined;
    try {
      event = decodeLedgerEvent(recorded);
    } catch (error) {
      if (!isLedgerError(error, "corrupt-event")) throw error;
      const entry = parkedEntryFor(options.reader, recorded, error as unknown as CorruptEvent);
      await options.parked.park(entry);
      parked.add(recorded.streamId);
      await notifyParked(options.onParked, entry);
      yield { kind: "parked", recorded, entry };
      continue;
    }
    yield event ? { kind: "event", recorded, event } : { kind: "skipped", recorded };
  }
}
