/**
 * Streams a log reader could not process (R24). When a reader of the global log (outbound delivery, the install
 * resumer, a projection) meets an event it cannot decode, it parks that event's stream for itself and goes on
 * with every other stream: one poisoned event never stops another tenant. The parked stream's later events are
 * held back (a reader never sees a stream out of order) until the stream is repaired (an upcaster, or
 * `redactEvent`) and the reader resumes it from the parked version.
 */
export interface ParkedStream {
  /** The reader that parked it (its checkpoint name). */
  readonly reader: string;
  readonly streamId: string;
  /** The first event of the stream the reader could not process. */
  readonly streamVersion: bigint;
  readonly globalPosition: bigint;
  readonly eventType: string;
  /** The failing field's path, e.g. `data.userId` (never its value). */
  readonly field: string;
  /** Stable code of the failure, e.g. `corrupt-event`. */
  readonly code: string;
  /** Human explanation and what to do; holds no stored value. */
  readonly reason: string;
}

/** A durable list of {@link ParkedStream}s, one per (reader, stream). */
export interface ParkedStreamStore {
  /** Records a parked stream; a stream already parked for this reader keeps its first entry. */
  park(entry: ParkedStream): Promise<void>;
  /** Parked streams of one reader, or of all readers, in the order they were parked (global position). */
  list(reader?: string): Promise<ReadonlyArray<ParkedStream>>;
  /** Forgets a parked stream: the reader processed it after a repair, or an operator dismissed it. */
  release(reader: string, streamId: string): Promise<void>;
}

/** A {@link ParkedStreamStore} in memory (tests, demos). */
export class InMemoryParkedStreamStore implements ParkedStreamStore {
  readonly #entries = new Map<string, ParkedStream>();

  async park(entry: ParkedStream): Promise<void> {
    const key = JSON.stringify([entry.reader, entry.streamId]);
    if (!this.#entries.has(key)) this.#entries.set(key, { ...entry });
  }

  async list(reader?: string): Promise<ReadonlyArray<ParkedStream>> {
    return [...this.#entries.values()]
      .filter((entry) => reader === undefined || entry.reader === reader)
      .sort((a, b) =>
        a.globalPosition < b.globalPosition ? -1 : a.globalPosition > b.globalPosition ? 1 : 0,
      );
  }

  async release(reader: string, streamId: string): Promise<void> {
    this.#entries.delete(JSON.stringify([reader, streamId]));
  }
}
