import type { LedgerEvent } from "../ledger/streams.js";
import { LedgerLogReader, positionOf } from "../log/read-ledger-log.js";
import { resumeParkedStreams } from "../log/resume-parked.js";
import { isLedgerError, type LedgerError } from "../store/errors.js";
import type { ParkedStream, ParkedStreamStore } from "../store/parked.js";
import type { EventStore } from "../store/port.js";
import type { BatchSink } from "./sink.js";

/** How a {@link LogProcessor} reads and follows the log. */
export interface LogProcessorOptions {
  /** The processor's name: its checkpoint and parked streams are keyed by it. */
  readonly name: string;
  readonly store: EventStore;
  readonly sink: BatchSink;
  /** Where undecodable streams are parked (R24): as durable as the sink's position. */
  readonly parked: ParkedStreamStore;
  readonly onParked?: (entry: ParkedStream) => void | Promise<void>;
  /** Log entries per batch (one sink commit each); 500. */
  readonly batchSize?: number;
}

/** What one pass did. */
export interface PassResult {
  /** Ledger events committed to the sink. */
  readonly events: number;
  readonly batches: number;
  /** The position after the pass. */
  readonly position: bigint | undefined;
  readonly parked: ReadonlyArray<ParkedStream>;
  readonly resumed: ReadonlyArray<ParkedStream>;
  /** True when the pass stopped early because `stop()` was asked: the current batch was finished first. */
  readonly interrupted: boolean;
}

/**
 * The one reader of the global log (issue 8): it reads from its sink's position in batches, through a
 * {@link LedgerLogReader} (an undecodable event parks only its own stream, R24), and commits each batch to the
 * sink, whose checkpoint policy is explicit ({@link BatchSink}). While one batch commits, the next is read (one
 * commit at a time, in log order), so a catch-up costs about the sink's time rather than the sink's plus the
 * reads'. Parked streams repaired since the last pass are processed first. `pass()` catches up once; `LiveProcessor` follows the log as it grows. A failing commit is
 * thrown: nothing after the last committed batch counts as processed.
 */
export class LogProcessor {
  #stopping = false;
  #position: bigint | undefined;

  constructor(readonly options: LogProcessorOptions) {
    const size = options.batchSize ?? 500;
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError("batchSize must be a positive integer");
  }

  /** The position after the last committed batch (undefined before the first pass). */
  get position(): bigint | undefined {
    return this.#position;
  }

  /** Asks a running pass to stop after its current batch. */
  requestStop(): void {
    this.#stopping = true;
  }

  /** Reads everything after the sink's position, once. */
  async pass(): Promise<PassResult> {
    this.#stopping = false;
    const { store, sink, name, parked } = this.options;
    const batchSize = this.options.batchSize ?? 500;
    const start = await sink.position();
    this.#position = start;
    const log = {
      reader: name,
      parked,
      ...(this.options.onParked ? { onParked: this.options.onParked } : {}),
    };
    const { resumed } = await resumeParkedStreams(store, {
      ...log,
      upTo: start,
      // The position does not move: these events lie before it, held back until the repair.
      handle: async (event) => sink.commit({ events: [event], position: start ?? 0n }),
    });
    const reader = new LedgerLogReader(store, {
      ...log,
      ...(start === undefined ? {} : { after: start }),
      batchSize,
    });
    let events: LedgerEvent[] = [];
    let entries = 0;
    let last: bigint | undefined;
    const counts = { events: 0, batches: 0 };
    // Streams parked by a commit, from the version parked on: the next batch was read while that commit ran.
    const parkedFrom = new Map<string, bigint>();
    const park = async (event: LedgerEvent, error: LedgerError): Promise<void> => {
      const { streamId, streamVersion } = event.place;
      const known = parkedFrom.get(streamId);
      if (known === undefined || streamVersion < known) parkedFrom.set(streamId, streamVersion);
      await reader.park(positionOf(event), error);
    };
    // One commit in flight while the next batch is read: the sink's writes and the log's reads overlap.
    let committing: Promise<void> | undefined;
    const settle = async (): Promise<void> => {
      const pending = committing;
      committing = undefined;
      await pending;
    };
    // False once a stop was asked: a batch read while the previous one committed is then left alone.
    const flush = async (): Promise<boolean> => {
      if (last === undefined || entries === 0) return true;
      const readWhileCommitting = committing !== undefined;
      await settle();
      if (this.#stopping && readWhileCommitting) return false;
      const batch = parkedFrom.size === 0 ? events : events.filter((event) => !heldBack(parkedFrom, event));
      const position = last;
      committing = sink.commit({ events: batch, position, park }).then(() => {
        this.#position = position;
        counts.events += batch.length;
        counts.batches += 1;
      });
      // Observed by the next settle(); until then a rejection must not count as unhandled.
      committing.catch(() => undefined);
      events = [];
      entries = 0;
      // A stop asked before this commit started makes it the last: it finishes, the next one is not started.
      return !this.#stopping;
    };
    let interrupted = false;
    try {
      for await (const entry of reader.entries()) {
        if (entry.kind === "event") events.push(entry.event);
        last = entry.recorded.globalPosition;
        entries += 1;
        if (entries >= batchSize && !(await flush())) {
          interrupted = true;
          break;
        }
      }
      if (!interrupted && !(await flush())) interrupted = true;
    } catch (error) {
      // A failed read or commit still waits for the commit in flight: the position reported is the sink's.
      await settle().catch(() => undefined);
      throw error;
    }
    await settle();
    return { ...counts, position: this.#position, parked: reader.parked, resumed, interrupted };
  }
}

const heldBack = (parkedFrom: ReadonlyMap<string, bigint>, event: LedgerEvent): boolean => {
  const from = parkedFrom.get(event.place.streamId);
  return from !== undefined && event.place.streamVersion >= from;
};

/** True for a failure a later pass may get past (an outage): a live processor waits and tries again. */
export const isTransientFailure = (error: unknown): boolean => isLedgerError(error) && error.retryable;
