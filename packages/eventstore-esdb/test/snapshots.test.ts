import { isLedgerError, type StoredSnapshot } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { DEFAULT_SNAPSHOT_STREAM_PREFIX, EsdbSnapshotStore } from "../src/index.js";
import { allBackends } from "./support/backends.js";
import { rawEvent, readRaw, uniqueStream } from "./support/raw.js";
import { useBackend } from "./support/suite.js";

const snapshot = (
  streamId: string,
  streamVersion: bigint,
  state: unknown = { v: streamVersion.toString() },
) => ({ streamId, streamVersion, schemaVersion: 1, state }) satisfies StoredSnapshot;

for (const kind of allBackends) {
  describe(`EsdbSnapshotStore (${kind.label})`, () => {
    const suite = useBackend(kind);

    it("keeps the latest snapshot in a companion stream that ESDB trims to one event ($maxCount 1)", async () => {
      const { client, snapshots } = suite();
      const streamId = uniqueStream("snap");
      for (const version of [1n, 2n, 3n]) await snapshots.save(snapshot(streamId, version));
      const stream = `${DEFAULT_SNAPSHOT_STREAM_PREFIX}${streamId}`;
      expect((await client.getStreamMetadata(stream)).metadata).toMatchObject({ maxCount: 1 });
      const readable = await readRaw(client, stream);
      expect(readable.map((e) => [e.revision, (e.data as { streamVersion: string }).streamVersion])).toEqual([
        [2n, "3"],
      ]);
      expect(await snapshots.load(streamId)).toEqual(snapshot(streamId, 3n));
    });

    it("savers racing with different versions leave the highest, on one client or several", async () => {
      const { backend, snapshots } = suite();
      const streamId = uniqueStream("snap-race");
      const stores = [
        snapshots,
        new EsdbSnapshotStore(backend.connect()),
        new EsdbSnapshotStore(backend.connect()),
      ];
      const versions = [4n, 9n, 2n, 7n, 9n, 1n, 8n, 3n, 5n, 6n];
      await Promise.all(versions.map((v, i) => stores[i % stores.length]!.save(snapshot(streamId, v))));
      expect((await snapshots.load(streamId))?.streamVersion).toBe(9n);
    });

    it("a malformed snapshot event loads as snapshot-invalid and never blocks the next save", async () => {
      const { client, snapshots } = suite();
      const streamId = uniqueStream("snap-bad");
      await client.appendToStream(
        `${DEFAULT_SNAPSHOT_STREAM_PREFIX}${streamId}`,
        rawEvent({ streamVersion: 12 }),
      );
      const error = await snapshots.load(streamId).catch((failure: unknown) => failure);
      expect(isLedgerError(error, "snapshot-invalid")).toBe(true);
      await snapshots.save(snapshot(streamId, 1n));
      expect(await snapshots.load(streamId)).toEqual(snapshot(streamId, 1n));
    });

    it("a custom prefix keeps snapshots apart from another store's", async () => {
      const { client, snapshots } = suite();
      const streamId = uniqueStream("snap-prefix");
      const other = new EsdbSnapshotStore(client, { streamPrefix: "otherSnapshots-" });
      await other.save(snapshot(streamId, 5n));
      expect(await snapshots.load(streamId)).toBeUndefined();
      expect(await other.load(streamId)).toEqual(snapshot(streamId, 5n));
      expect(() => new EsdbSnapshotStore(client, { streamPrefix: "" })).toThrow(TypeError);
      expect(() => new EsdbSnapshotStore(client, { maxSaveAttempts: 0 })).toThrow(RangeError);
    });
  });
}
