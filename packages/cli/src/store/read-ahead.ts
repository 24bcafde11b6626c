import type { EventStore, ReadOptions, RecordedEvent } from "@vpp-ledger/core";

/**
 * Iterates `source` with up to `limit` items requested ahead, so the source fetches its next batch from the
 * database while the caller is still working through the current one (a plain `for await` leaves the database
 * idle while it decodes, and itself idle while the database answers).
 */
export async function* readAhead<T>(
  source: AsyncIterable<T>,
  limit: number,
): AsyncGenerator<T, void, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  const pending: Array<Promise<IteratorResult<T>>> = [];
  let head = 0;
  let finished = false;
  const request = (): void => {
    const next = iterator.next();
    // Requests left behind when the caller stops early must not surface as unhandled rejections.
    next.catch(() => undefined);
    pending.push(next);
  };
  try {
    for (let i = 0; i < limit; i += 1) request();
    while (true) {
      const result = await (pending[head] as Promise<IteratorResult<T>>);
      head += 1;
      if (result.done === true) {
        finished = true;
        return;
      }
      request();
      if (head >= 4096) {
        pending.splice(0, head);
        head = 0;
      }
      yield result.value;
    }
  } finally {
    if (!finished) await iterator.return?.().catch(() => undefined);
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
