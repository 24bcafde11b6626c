import type { EventStoreDBClient } from "@eventstore/db-client";

/** A client a test can slip another writer into, and the switch that arms it. */
export interface InterposingClient {
  readonly client: EventStoreDBClient;
  /** The next append to `stream` first runs `writer`, then goes to the server: a race, made deterministic. */
  before(stream: string, writer: () => Promise<unknown>): void;
}

/**
 * Wraps the real client; every call goes through unchanged except that an armed append waits for the other
 * writer first. The adapter's own index writes go to other streams, so only its append to the ledger stream,
 * after it has read the stream's end and claimed its ids, is delayed: exactly the window a real concurrent
 * writer can hit.
 */
export const interposing = (client: EventStoreDBClient): InterposingClient => {
  let armed: { stream: string; writer: () => Promise<unknown> } | undefined;
  const appendToStream: EventStoreDBClient["appendToStream"] = async (stream, events, options) => {
    if (armed?.stream === stream) {
      const { writer } = armed;
      armed = undefined;
      await writer();
    }
    return client.appendToStream(stream, events, options);
  };
  const wrapped = new Proxy(client, {
    get: (target, property) => {
      if (property === "appendToStream") return appendToStream;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    client: wrapped,
    before: (stream, writer) => {
      armed = { stream, writer };
    },
  };
};
