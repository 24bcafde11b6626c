import { randomUUID } from "node:crypto";
import { binaryEvent } from "@eventstore/db-client";
import { collect, contractEvents, logHead } from "@vpp-ledger/core/testing";
import { describe, expect, it } from "vitest";
import { DEFAULT_EVENT_ID_STREAM_PREFIX, DEFAULT_SNAPSHOT_STREAM_PREFIX } from "../src/index.js";
import { allBackends } from "./support/backends.js";
import { rawEvent, uniqueStream } from "./support/raw.js";
import { useBackend } from "./support/suite.js";

// readAll shows the ledger's events only: the log also holds ESDB's own records, other applications' events
// and the adapter's index and snapshot records, and none of them may reach a projection.
for (const kind of allBackends) {
  describe(`readAll skips what is not a ledger event (${kind.label})`, () => {
    const suite = useBackend(kind);

    it("system streams, system events, foreign events, index and snapshot records are skipped", async () => {
      const { client, store, snapshots } = suite();
      const head = await logHead(store, uniqueStream("head"));
      const ledger = uniqueStream("ledger");
      const foreign = uniqueStream("foreign");
      await client.appendToStream(foreign, rawEvent({ from: "another application" }));
      await client.appendToStream(`$${uniqueStream("system")}`, rawEvent({ system: true }));
      await client.setStreamMetadata(foreign, { maxCount: 10 }); // a $metadata event in $$<stream>
      await client.appendToStream(foreign, binaryEvent({ type: "$>", data: Buffer.from(`0@${ledger}`) }));
      await client.appendToStream(foreign, binaryEvent({ type: "Opaque", data: new Uint8Array([1, 2]) }));
      const events = contractEvents(ledger, 1, 2);
      await store.appendToStream(ledger, events); // also writes two index records
      await snapshots.save({ streamId: ledger, streamVersion: 2n, schemaVersion: 1, state: { n: 2 } });

      // Other suites may share a real server: look at what this test wrote, and at where everything came from.
      const all = await collect(store.readAll({ after: head }));
      expect(all.filter((e) => e.streamId === ledger).map((e) => e.id)).toEqual(events.map((e) => e.id));
      const sources = new Set(all.map((e) => e.streamId));
      expect(sources.has(foreign)).toBe(false);
      expect(
        [...sources].some((s) => s.startsWith("$") || s.startsWith(DEFAULT_EVENT_ID_STREAM_PREFIX)),
      ).toBe(false);
      expect([...sources].some((s) => s.startsWith(DEFAULT_SNAPSHOT_STREAM_PREFIX))).toBe(false);

      // The skipped records are there: the log between holds far more than the ledger's two events.
      let records = 0;
      for await (const _ of client.readAll({ fromPosition: { commit: head, prepare: head } })) records++;
      expect(records).toBeGreaterThanOrEqual(2 + 2 + 5 + 2);
    });

    it("long runs of skipped records cost round trips, never a gap or a repeat, whatever the batch size", async () => {
      const { client, store } = suite();
      const head = await logHead(store, uniqueStream("run-head"));
      const ledger = uniqueStream("run");
      const foreign = uniqueStream("run-foreign");
      await store.appendToStream(ledger, contractEvents(ledger, 1, 1));
      await client.appendToStream(
        foreign,
        Array.from({ length: 25 }, (_, n) => rawEvent({ n }, randomUUID())),
      );
      await store.appendToStream(ledger, contractEvents(ledger, 2, 2));
      for (const batchSize of [1, 2, 7, 500]) {
        const versions = (await collect(store.readAll({ after: head, batchSize })))
          .filter((e) => e.streamId === ledger)
          .map((e) => e.streamVersion);
        expect(versions).toEqual([1n, 2n, 3n]);
      }
    });
  });
}
