import type { EventStoreDBClient, JSONEventData } from "@eventstore/db-client";
import { type CorruptEvent, type EventStore, isLedgerError } from "@vpp-ledger/core";
import { collect, contractEvent, logHead } from "@vpp-ledger/core/testing";
import { describe, expect, it } from "vitest";
import { toEsdbEvent } from "../src/codec/envelope.js";
import { EsdbEventStore, LEDGER_KEY } from "../src/index.js";
import { backends, fakeBackend } from "./support/backends.js";
import { rawEvent, uniqueStream } from "./support/raw.js";
import { useBackend } from "./support/suite.js";

/** A ledger event as the adapter writes it, with its envelope changed by `patch`. */
const tampered = (stream: string, patch: Record<string, unknown>): JSONEventData => {
  const event = toEsdbEvent(contractEvent(stream, 2), "tampered");
  const metadata = event.metadata as Record<string, Record<string, unknown>>;
  return { ...event, metadata: { ...metadata, [LEDGER_KEY]: { ...metadata[LEDGER_KEY], ...patch } } };
};

const corruptionOf = async (read: Promise<unknown>): Promise<CorruptEvent> => {
  const error = await read.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  if (!isLedgerError(error, "corrupt-event"))
    throw new Error(`expected a CorruptEvent, got ${String(error)}`);
  return error as CorruptEvent;
};

/** A ledger stream whose second record is `second`, written with the bare client. */
const streamWith = async (client: EventStoreDBClient, store: EventStore, second: JSONEventData) => {
  const stream = uniqueStream("corrupt");
  await store.appendToStream(stream, [contractEvent(stream, 1)]);
  await client.appendToStream(stream, second);
  return stream;
};

for (const kind of backends) {
  describe(`records the adapter cannot read (${kind.label})`, () => {
    const suite = useBackend(kind);

    it("a foreign record in a ledger stream is a CorruptEvent on the envelope; readAll skips it", async () => {
      const { client, store } = suite();
      const head = await logHead(store, uniqueStream("head"));
      const foreign = { ...rawEvent({ n: 2 }), metadata: { $correlationId: "another-app" } };
      const stream = await streamWith(client, store, foreign);
      expect(await corruptionOf(collect(store.readStream(stream)))).toMatchObject({
        streamId: stream,
        streamVersion: 2n,
        eventType: "RawEvent",
        path: `metadata.${LEDGER_KEY}`,
      });
      const log = await collect(store.readAll({ after: head }));
      expect(log.filter((e) => e.streamId === stream).map((e) => e.streamVersion)).toEqual([1n]);
    });

    it("metadata that is not JSON is a CorruptEvent on metadata", async () => {
      const { client, store } = suite();
      const event: JSONEventData = { ...rawEvent({ n: 2 }), metadata: new Uint8Array([123, 34, 120]) };
      const stream = await streamWith(client, store, event);
      expect((await corruptionOf(collect(store.readStream(stream)))).path).toBe("metadata");
    });

    it("a broken envelope field is a CorruptEvent naming it, in stream reads and log reads alike", async () => {
      const { client, store } = suite();
      const head = await logHead(store, uniqueStream("head"));
      const stream = await streamWith(client, store, tampered("x", { schemaVersion: "2" }));
      expect((await corruptionOf(collect(store.readStream(stream)))).path).toBe("schemaVersion");
      expect((await corruptionOf(collect(store.readAll({ after: head })))).path).toBe("schemaVersion");
      const badTenant = tampered("y", { metadata: { ...contractEvent("y", 2).metadata, tenantId: 42 } });
      const other = await streamWith(client, store, badTenant);
      expect((await corruptionOf(collect(store.readStream(other)))).path).toBe("metadata.tenantId");
    });

    it("binary data under a ledger envelope is a CorruptEvent on data", async () => {
      const { client, store } = suite();
      const envelope = tampered("z", {});
      const binary = {
        ...envelope,
        contentType: "application/octet-stream" as const,
        data: new Uint8Array([1]),
      };
      const stream = await streamWith(client, store, binary as unknown as JSONEventData);
      expect((await corruptionOf(collect(store.readStream(stream)))).path).toBe("data");
    });
  });
}

describe("records the client cannot parse (fake server: raw bytes no client would send)", () => {
  it("JSON content that does not parse is a CorruptEvent on data, without the stored bytes in the message", async () => {
    const backend = await fakeBackend();
    try {
      const store = new EsdbEventStore(backend.connect());
      const stream = uniqueStream("bad-json");
      const event = tampered(stream, {});
      backend.fake!.log.write(stream, [
        {
          id: event.id,
          type: event.type,
          contentType: "application/json",
          data: Buffer.from('{"sToken":"secret-value'),
          metadata: Buffer.from(JSON.stringify(event.metadata)),
        },
      ]);
      const error = await corruptionOf(collect(store.readStream(stream)));
      expect(error).toMatchObject({ path: "data", streamVersion: 1n });
      expect(error.message).not.toContain("secret-value");
    } finally {
      await backend.close();
    }
  });
});
