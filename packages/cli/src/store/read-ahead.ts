import type { EventStore, ReadOptions, RecordedEvent } from "@vpp-ledger/core";

/**
 * Iterates `source` while a pump reads up to `limit` items ahead of the caller, so the source fetches its next
 * batch from the database while the caller is still working through the current one (a plain `for await` leaves
 * the database idle while it decodes, and itself idle while the database answers). Items wait in an array: the
 * caller takes them without a promise each. A read failure reaches the caller after the items read before it.
 */
export async function* readAhead<T>(
  source: AsyncIterable<T>,
  limit: number,
): AsyncGenerator<T, void, undefined> {
  const buffer: T[] = [];
  let head = 0;
  let finished = false;
  let failure: { readonly error: unknown } | undefined;
  let stopped = false;
  let wakeCaller: (() => void) | undefined;
  let wakePump: (() => void) | undefined;
  const signalCaller = (): void => {
    wakeCaller?.();
    wakeCaller = undefined;
  };
  const pump = (async () => {
    try {
      for await (const item of source) {
        buffer.push(item);
        signalCaller();
        if (buffer.length - head >= limit) await new Promise<void>((resolve) => (wakePump = resolve));
        // Leaving the loop early closes the source (its `return`).
        if (stopped) return;
      }
    } catch (error) {
      failure = { error };
    } finally {
      finished = true;
      signalCaller();
    }
  })();
  try {
    while (true) {
      if (head < buffer.length) {
        const item = buffer[head] as T;
        head += 1;
        if (head >= 4_096) {
          buffer.splice(0, head);
          head = 0;
        }
        if (wakePump !== undefined && buffer.length - head < limit) {
          wakePump();
          wakePump = undefined;
        }
        yield item;
      } else if (finished) {
        if (failure !== undefined) throw failure.error;
        return;
      } else {
        await new Promise<void>((resolve) => (wakeCaller = resolve));
      }
    }
  } finally {
    stopped = true;
    wakePump?.();
    await pump;
  }
}

/**
 * The same store, whose `readAll` reads ahead by `limit` events ({@link readAhead}): what the CLI's long scans
 * (audit, history) read through. Every other operation is the store's own.
 */
export const readingAhead = (store: EventStore, limit: number): EventStore => ({
  appendToStream: (streamId, events, options) => store.appendToStream(streamId, events, options),
  readStream: (streamId, options) => store.readStream(streamId, options),
  readAll: (options?: ReadOptions): AsyncIterable<RecordedEvent> => readAhead(store.readAll(options), limit),
  streamVersion: (streamId) => store.streamVersion(streamId),
  ...(store.headPosition === undefined
    ? {}
    : { headPosition: () => store.headPosition?.() ?? Promise.resolve(0n) }),
});
