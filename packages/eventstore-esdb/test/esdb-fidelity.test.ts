import { BACKWARDS, END, type EventStoreDBClient, NO_STREAM, STREAM_EXISTS } from "@eventstore/db-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { allBackends, type EsdbBackend } from "./support/backends.js";
import { conflictOf, rawEvent, readRaw, uniqueStream } from "./support/raw.js";

// The EventStoreDB behaviour the adapter builds on, checked with the bare client. On the fake these pin its
// semantics; with EVENTSTOREDB_URL set the very same tests run on a real server, which is how the fake's
// fidelity is checked.
for (const { label, open } of allBackends) {
  describe(`EventStoreDB behaviour the adapter relies on (${label})`, () => {
    let backend: EsdbBackend;
    let client: EventStoreDBClient;
    beforeAll(async () => {
      backend = await open();
      client = backend.connect();
    });
    afterAll(() => backend.close());

    it("a wrong expected revision is refused with the stream's current revision", async () => {
      const stream = uniqueStream("wev");
      expect(
        (await conflictOf(client.appendToStream(stream, rawEvent({}), { expectedRevision: 0n })))
          .actualVersion,
      ).toBe("no_stream");
      const missing = client.appendToStream(stream, rawEvent({}), { expectedRevision: STREAM_EXISTS });
      expect((await conflictOf(missing)).actualVersion).toBe("no_stream");
      await client.appendToStream(stream, [rawEvent({ n: 1 }), rawEvent({ n: 2 })], {
        expectedRevision: NO_STREAM,
      });
      for (const expectedRevision of [NO_STREAM, 0n, 5n] as const) {
        const conflict = await conflictOf(client.appendToStream(stream, rawEvent({}), { expectedRevision }));
        expect(conflict.actualVersion).toBe(1n);
      }
    });

    it("replaying the ids that follow the expected revision is accepted without writing: ids compared, not content", async () => {
      const stream = uniqueStream("idempotent");
      const [a, b] = [rawEvent({ n: 1 }), rawEvent({ n: 2 })];
      await client.appendToStream(stream, [a, b], { expectedRevision: NO_STREAM });
      const replay = [rawEvent({ other: true }, a.id), rawEvent({ other: true }, b.id)];
      expect(await client.appendToStream(stream, replay, { expectedRevision: NO_STREAM })).toMatchObject({
        success: true,
        nextExpectedRevision: 1n,
      });
      expect((await readRaw(client, stream)).map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
      // A replay that matches only in part is a conflict.
      const partial = client.appendToStream(stream, [a, rawEvent({})], { expectedRevision: NO_STREAM });
      expect((await conflictOf(partial)).actualVersion).toBe(1n);
    });

    it("at the current revision ids are not checked: an id already in the stream is written again", async () => {
      const stream = uniqueStream("duplicate");
      const event = rawEvent({ n: 1 });
      await client.appendToStream(stream, event, { expectedRevision: NO_STREAM });
      await client.appendToStream(stream, event, { expectedRevision: 0n });
      expect((await readRaw(client, stream)).map((e) => e.id)).toEqual([event.id, event.id]);
    });

    it("ANY: a batch whose ids were just committed to the stream is accepted without writing", async () => {
      const stream = uniqueStream("any");
      const batch = [rawEvent({ n: 1 }), rawEvent({ n: 2 })];
      await client.appendToStream(stream, batch);
      expect(await client.appendToStream(stream, batch)).toMatchObject({ nextExpectedRevision: 1n });
      expect(await readRaw(client, stream)).toHaveLength(2);
    });

    it("reads go forwards or backwards with a count; a missing stream is StreamNotFound", async () => {
      const stream = uniqueStream("reads");
      await client.appendToStream(
        stream,
        [1, 2, 3, 4].map((n) => rawEvent({ n })),
      );
      const revisions = async (options: Parameters<typeof readRaw>[2]) =>
        (await readRaw(client, stream, options)).map((e) => e.revision);
      expect(await revisions({ fromRevision: 1n, maxCount: 2 })).toEqual([1n, 2n]);
      expect(await revisions({ fromRevision: 9n })).toEqual([]);
      expect(await revisions({ direction: BACKWARDS, fromRevision: END, maxCount: 1 })).toEqual([3n]);
      expect(await revisions({ direction: BACKWARDS, fromRevision: 2n, maxCount: 5 })).toEqual([2n, 1n, 0n]);
      await expect(readRaw(client, uniqueStream("missing"))).rejects.toMatchObject({
        type: "stream-not-found",
      });
    });

    it("stream reads give each record its $all position, commit equal to prepare; $all reads from a position include it", async () => {
      const stream = uniqueStream("positions");
      await client.appendToStream(
        stream,
        [1, 2, 3].map((n) => rawEvent({ n })),
      );
      const records = await readRaw(client, stream);
      for (const record of records) expect(record.position?.commit).toBe(record.position?.prepare);
      const from = records[0]!.position!;
      const log = [];
      for await (const resolved of client.readAll({ fromPosition: from, maxCount: 3 }))
        log.push(resolved.event);
      expect(log.map((e) => [e?.streamId, e?.revision, e?.position])).toEqual(
        records.map((e) => [stream, e.revision, e.position]),
      );
    });

    it("$maxCount hides older records from stream reads; revisions keep counting", async () => {
      const stream = uniqueStream("max-count");
      await client.setStreamMetadata(stream, { maxCount: 1 });
      await client.appendToStream(
        stream,
        [1, 2, 3].map((n) => rawEvent({ n })),
      );
      expect((await readRaw(client, stream)).map((e) => [e.revision, e.data])).toEqual([[2n, { n: 3 }]]);
      await client.appendToStream(stream, rawEvent({ n: 4 }), { expectedRevision: 2n });
      const [last] = await readRaw(client, stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
      expect(last?.revision).toBe(3n);
    });
  });
}
