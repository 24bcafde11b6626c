import { EventStoreDBClient } from "@eventstore/db-client";
import { isLedgerError } from "@vpp-ledger/core";
import { collect, contractEvent, contractEvents } from "@vpp-ledger/core/testing";
import { describe, expect, it } from "vitest";
import { EsdbEventStore } from "../src/index.js";
import { fakeBackend } from "./support/backends.js";
import { uniqueStream } from "./support/raw.js";
import { useBackend } from "./support/suite.js";

const failureOf = async (call: () => Promise<unknown>): Promise<unknown> =>
  call().then(
    () => undefined,
    (error: unknown) => error,
  );

const expectUnavailable = (error: unknown): void => {
  expect(isLedgerError(error, "store-unavailable")).toBe(true);
  expect(error).toMatchObject({ retryable: true });
};

// Faults need the fake: it fails chosen calls the way a server that went away does.
for (const batchAppend of [true, false]) {
  const label = batchAppend ? "fake server" : "fake server without BatchAppend";
  describe(`a server that fails mid-operation (${label})`, () => {
    const suite = useBackend({ label, open: () => fakeBackend({ batchAppend }) });

    it("a failed read is a retryable StoreUnavailable, from every read path; the next call works", async () => {
      const { backend, store } = suite();
      const stream = uniqueStream("read-fault");
      await store.appendToStream(stream, contractEvents(stream, 1, 2));
      const reads: Array<() => Promise<unknown>> = [
        () => collect(store.readStream(stream)),
        () => collect(store.readAll()),
        () => store.streamVersion(stream),
        () => store.findEvent(stream, contractEvent(stream, 1).id),
        () => store.appendToStream(stream, []),
      ];
      for (const read of reads) {
        backend.fake!.failNext("read");
        expectUnavailable(await failureOf(read));
      }
      expect(await store.streamVersion(stream)).toBe(2n);
    });

    it("a failed append is a retryable StoreUnavailable that wrote nothing; retrying the batch writes it once", async () => {
      const { backend, store } = suite();
      const stream = uniqueStream("append-fault");
      const batch = contractEvents(stream, 1, 3);
      backend.fake!.failNext("append", { stream });
      expectUnavailable(
        await failureOf(() => store.appendToStream(stream, batch, { expectedVersion: "no_stream" })),
      );
      expect(await store.streamVersion(stream)).toBe(0n);
      // The index entries written before the failure only promise: the retry finds nothing stored and writes.
      const retry = await store.appendToStream(stream, batch, { expectedVersion: "no_stream" });
      expect(retry).toMatchObject({ nextExpectedVersion: 3n, written: true });
      expect(await store.findEvent(stream, batch[1]!.id)).toMatchObject({ streamVersion: 2n });
    });

    it("a response lost after the append was applied: StoreUnavailable, then the retry answers where it is", async () => {
      const { backend, store } = suite();
      const stream = uniqueStream("lost-response");
      const batch = contractEvents(stream, 1, 2);
      backend.fake!.failNext("append", { stream, afterCommit: true });
      expectUnavailable(await failureOf(() => store.appendToStream(stream, batch, { expectedVersion: 0n })));
      expect(await store.streamVersion(stream)).toBe(2n);
      const [, second] = await collect(store.readStream(stream));
      expect(await store.appendToStream(stream, batch, { expectedVersion: 0n })).toEqual({
        nextExpectedVersion: 2n,
        lastGlobalPosition: second!.globalPosition,
        written: false,
      });
    });

    it("a failed event-id index write is a StoreUnavailable too, and the stream is untouched", async () => {
      const { backend, store } = suite();
      const stream = uniqueStream("index-fault");
      const batch = contractEvents(stream, 1, 2);
      backend.fake!.failNext("append", { stream: `vppLedgerEventId-${batch[1]!.id}` });
      expectUnavailable(await failureOf(() => store.appendToStream(stream, batch)));
      expect(await store.streamVersion(stream)).toBe(0n);
      expect(await store.appendToStream(stream, batch)).toMatchObject({ written: true });
    });

    it("a batch beyond the server's maximum append size is a RangeError that says so, and writes nothing", async () => {
      const backend = await fakeBackend({ batchAppend, maxAppendSize: 4_096 });
      try {
        const store = new EsdbEventStore(backend.connect());
        const stream = uniqueStream("too-big");
        const big = contractEvents(stream, 1, 3).map((event) => ({
          ...event,
          data: { pad: "x".repeat(2_000) },
        }));
        const error = await failureOf(() => store.appendToStream(stream, big));
        expect(error).toBeInstanceOf(RangeError);
        expect((error as Error).message).toMatch(/maximum append size \(4096 bytes\).*smaller batches/);
        expect(await store.streamVersion(stream)).toBe(0n);
      } finally {
        await backend.close();
      }
    });

    it("a client built with throwOnAppendFailure=false still gets WrongExpectedVersion with the actual version", async () => {
      const { backend } = suite();
      const client = EventStoreDBClient.connectionString(
        `${backend.fake!.connectionString}&throwOnAppendFailure=false`,
      );
      try {
        const store = new EsdbEventStore(client);
        const stream = uniqueStream("no-throw");
        await store.appendToStream(stream, contractEvents(stream, 1, 2));
        const other = new EsdbEventStore(backend.connect());
        await other.appendToStream(stream, [contractEvent(stream, 3)]);
        const error = await failureOf(() =>
          store.appendToStream(stream, [contractEvent(stream, 4)], { expectedVersion: 2n }),
        );
        expect(error).toMatchObject({ code: "wrong-expected-version", expected: 2n, actual: 3n });
      } finally {
        await client.dispose();
      }
    });
  });
}

describe("a server that cannot be reached", () => {
  it("every operation is a retryable StoreUnavailable", { timeout: 60_000 }, async () => {
    const backend = await fakeBackend();
    const url = backend.fake!.connectionString;
    await backend.close();
    const client = EventStoreDBClient.connectionString(url);
    try {
      const store = new EsdbEventStore(client);
      expectUnavailable(await failureOf(() => store.streamVersion("s")));
      expectUnavailable(await failureOf(() => store.appendToStream("s", [contractEvent("s", 1)])));
      expectUnavailable(await failureOf(() => collect(store.readAll())));
    } finally {
      await client.dispose();
    }
  });
});
