import { decodeLedgerEvent, type LedgerEvent } from "../ledger/streams.js";
import { isLedgerError, type LedgerError } from "../store/errors.js";
import type { ParkedStream, ParkedStreamStore } from "../store/parked.js";
import type { EventStore, RecordedEvent } from "../store/port.js";

/** How a reader of the global log reads it (see {@link LedgerLogReader}). */
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

/**
 * True for a failure that parks the stream of the event being processed rather than stopping the reader: a
 * non-retryable `LedgerError` (a corrupt event in the stream itself or in one the handler loaded, an invalid
 * event). Retryable failures (an outage, a busy stream) stop the pass instead, to be retried from there.
 */
export const parksStream = (error: unknown): error is LedgerError => isLedgerError(error) && !error.retryable;

/** Where an event sits: what a parked entry records of it. */
export type EventPosition = Pick<RecordedEvent, "streamId" | "streamVersion" | "globalPosition" | "type">;

/** The position of a decoded ledger event, for {@link LedgerLogReader.park}. */
export const positionOf = (event: LedgerEvent): EventPosition => ({
  streamId: event.place.streamId,
  streamVersion: event.place.streamVersion,
  globalPosition: event.place.globalPosition,
  type: event.event.type,
});

/** The parked entry for an event that could not be processed: where it is and what failed, never a stored value. */
export const parkedEntryFor = (
  reader: string,
  recorded: EventPosition,
  error: LedgerError,
): ParkedStream => ({
  reader,
  streamId: recorded.streamId,
  streamVersion: recorded.streamVersion,
  globalPosition: recorded.globalPosition,
  eventType: recorded.type,
  field: (error as { path?: unknown }).path === undefined ? "" : String((error as { path?: unknown }).path),
  code: error.code,
  reason: error.message,
});

/** Calls a host hook without letting it fail the reader. */
const notify = async (hook: LedgerLogOptions["onParked"], entry: ParkedStream): Promise<void> => {
  try {
    await hook?.(entry);
  } catch {
    // An alerting hook that fails must not stop the reader for every other tenant.
  }
};

/**
 * Reads the global log for one reader with isolation (R24): an event that cannot be decoded parks its own stream
 * (recorded in `parked`, reported to `onParked`) and the reader goes on with every other stream; so does an
 * event whose processing failed for good ({@link LedgerLogReader.park}). The parked event and the later ones of
 * its stream are skipped until `resumeParkedStreams` processes them after a repair, so no reader sees a stream out of order.
 * Store failures are thrown (the reader stops and retries later).
 */
export class LedgerLogReader {
  /** Parked streams and the version from which their events are held back. */
  readonly #held = new Map<string, bigint>();
  readonly parked: ParkedStream[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly options: LedgerLogOptions,
  ) {}

  /** Parks the stream of an event whose processing failed for good; its later events are held back. */
  async park(recorded: EventPosition, error: LedgerError): Promise<ParkedStream> {
    const entry = parkedEntryFor(this.options.reader, recorded, error);
    await this.options.parked.park(entry);
    this.#held.set(recorded.streamId, recorded.streamVersion);
    this.parked.push(entry);
    await notify(this.options.onParked, entry);
    return entry;
  }

  /** The log after `after`, in order, with undecodable events parked. */
  async *entries(): AsyncGenerator<LedgerLogEntry, void, undefined> {
    for (const entry of await this.options.parked.list(this.options.reader)) {
      this.#held.set(entry.streamId, entry.streamVersion);
    }
    const read = this.store.readAll({
      ...(this.options.after === undefined ? {} : { after: this.options.after }),
      ...(this.options.batchSize === undefined ? {} : { batchSize: this.options.batchSize }),
    });
    for await (const recorded of read) {
      const heldFrom = this.#held.get(recorded.streamId);
      // Events before the parked one were processable and stay so (a rebuild from the start needs them).
      if (heldFrom !== undefined && recorded.streamVersion >= heldFrom) {
        yield { kind: "skipped", recorded };
        continue;
      }
      let event: LedgerEvent | undefined;
      try {
        event = decodeLedgerEvent(recorded);
      } catch (error) {
        if (!isLedgerError(error, "corrupt-event")) throw error;
        yield { kind: "parked", recorded, entry: await this.park(recorded, error) };
        continue;
      }
      yield event ? { kind: "event", recorded, event } : { kind: "skipped", recorded };
    }
  }
}

/** The log for one reader with undecodable events parked: {@link LedgerLogReader.entries} of a new reader. */
export const readLedgerLog = (store: EventStore, options: LedgerLogOptions): AsyncGenerator<LedgerLogEntry> =>
  new LedgerLogReader(store, options).entries();
