import { collect, contractEvent, contractEvents } from "@vpp-ledger/core/testing";
import { describe, expect, it } from "vitest";
import { DEFAULT_EVENT_ID_STREAM_PREFIX, LEDGER_KEY } from "../src/index.js";
import { allBackends } from "./support/backends.js";
import { readRaw, uniqueStream } from "./support/raw.js";
import { useBackend } from "./support/suite.js";

// What the adapter leaves in EventStoreDB, read back with the bare client: the layout ESDB tools and other
// readers see, and the promises the docs make about it.
for (const kind of allBackends) {
  describe(`what EsdbEventStore stores (${kind.label})`, () => {
    const suite = useBackend(kind);

    it("an event is an ESDB JSON event: same id and type, revision = version - 1, data as given", async () => {
      const { client, store } = suite();
      const stream = uniqueStream("layout");
      const events = contractEvents(stream, 1, 2);
      const result = await store.appendToStream(stream, events, { expectedVersion: "no_stream" });
      const raw = await readRaw(client, stream);
      expect(raw.map((e) => [e.id, e.type, e.revision, e.isJson, e.data])).toEqual(
        events.map((e, i) => [e.id, e.type, BigInt(i), true, e.data]),
      );
      expect(result.lastGlobalPosition).toBe(raw[1]?.position?.commit);
      const [read] = await collect(store.readStream(stream));
      expect(read?.globalPosition).toBe(raw[0]?.position?.commit);
    });

    it("metadata carries ESDB's $correlationId and $causationId, and the port's metadata in the envelope", async () => {
      const { client, store } = suite();
      const stream = uniqueStream("metadata");
      const event = contractEvent(stream, 1);
      await store.appendToStream(stream, [event]);
      const [raw] = await readRaw(client, stream);
      expect(raw?.metadata).toMatchObject({
        $correlationId: event.metadata.correlationId,
        $causationId: event.metadata.causationId,
        [LEDGER_KEY]: { format: 1, schemaVersion: 1, metadata: event.metadata, appendId: expect.any(String) },
      });
    });

    it("each event id has an index stream naming its stream and version, written with the append", async () => {
      const { client, store } = suite();
      const stream = uniqueStream("index");
      const events = contractEvents(stream, 1, 2);
      await store.appendToStream(stream, events);
      for (const [i, event] of events.entries()) {
        const entries = await readRaw(client, `${DEFAULT_EVENT_ID_STREAM_PREFIX}${event.id}`);
        expect(entries.map((e) => e.data)).toEqual([
          { streamId: stream, version: String(i + 1), appendId: expect.any(String) },
        ]);
      }
    });

    it("a retried batch adds nothing: not to the stream, not to the index", async () => {
      const { client, store } = suite();
      const stream = uniqueStream("retry-layout");
      const events = contractEvents(stream, 1, 2);
      const first = await store.appendToStream(stream, events, { expectedVersion: 0n });
      expect(await store.appendToStream(stream, events, { expectedVersion: 0n })).toEqual({
        ...first,
        written: false,
      });
      expect(await readRaw(client, stream)).toHaveLength(2);
      const index = await readRaw(client, `${DEFAULT_EVENT_ID_STREAM_PREFIX}${events[0]!.id}`);
      expect(index).toHaveLength(1);
    });
  });
}
