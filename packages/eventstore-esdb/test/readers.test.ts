import { randomUUID } from "node:crypto";
import {
  InMemoryParkedStreamStore,
  isLedgerError,
  type ParkedStream,
  type ParkedStreamStore,
} from "@vpp-ledger/core";
import { poolEvent } from "@vpp-ledger/core/testing";
import { describe, expect, it } from "vitest";
import { CHECKPOINT_EVENT_TYPE, EsdbCheckpointStore, EsdbParkedStreamStore } from "../src/index.js";
import { backends } from "./support/backends.js";
import { rawEvent, readRaw, uniqueStream } from "./support/raw.js";
import { useBackend } from "./support/suite.js";

const parked = (
  reader: string,
  streamId: string,
  globalPosition: bigint,
  extra: Partial<ParkedStream> = {},
) => ({
  reader,
  streamId,
  streamVersion: 3n,
  globalPosition,
  eventType: "LicenseAssigned",
  field: "data.userId",
  code: "corrupt-event",
  reason: "data.userId must be an Identifier; add an upcaster or redact the event",
  ...extra,
});

/** The same calls on any store, answering what each list call returned (as in the PostgreSQL store's test). */
const scenario = async (store: ParkedStreamStore): Promise<ReadonlyArray<ReadonlyArray<ParkedStream>>> => {
  await store.park(parked("outbound", "vpp-license:t1:1", 40n));
  await store.park(parked("audit", "vpp-license:t1:1", 40n));
  await store.park(parked("outbound", "vpp-account:t2", 12n, { streamVersion: 1n, field: "metadata" }));
  await store.park(parked("outbound", "vpp-license:t1:1", 55n, { streamVersion: 4n }));
  const before = [await store.list(), await store.list("outbound"), await store.list("audit")];
  await store.release("outbound", "vpp-license:t1:1");
  await store.release("outbound", "never-parked");
  await store.park(parked("outbound", "vpp-license:t1:1", 70n, { streamVersion: 9n }));
  return [...before, await store.list(), await store.list("nobody")];
};

for (const kind of backends) {
  describe(`readers' stores in EventStoreDB streams (${kind.label})`, () => {
    const suite = useBackend(kind);
    const checkpoints = () =>
      new EsdbCheckpointStore(suite().client, { streamPrefix: `${uniqueStream("cp")}-` });

    it("checkpoints: nothing for a reader that never saved, then what was saved, per reader, beyond 2^53", async () => {
      const store = checkpoints();
      expect(await store.load("audit")).toBeUndefined();
      await store.save("audit", 42n);
      await store.save("outbound", 9007199254740993n);
      expect(await store.load("audit")).toBe(42n);
      expect(await store.load("outbound")).toBe(9007199254740993n);
    });

    it("checkpoints only move forward: an older or equal save writes nothing, concurrent saves end at the highest", async () => {
      const prefix = `${uniqueStream("cp")}-`;
      const store = new EsdbCheckpointStore(suite().client, { streamPrefix: prefix });
      await store.save("r", 100n);
      await store.save("r", 99n);
      await store.save("r", 100n);
      const [last] = await readRaw(suite().client, `${prefix}r`, { direction: "backwards", maxCount: 1 });
      expect(last?.revision).toBe(0n);
      await Promise.all(Array.from({ length: 8 }, (_, i) => store.save("r", BigInt(200 + i))));
      expect(await store.load("r")).toBe(207n);
      // ESDB keeps only the last one ($maxCount 1): a checkpoint stream never grows on disk.
      expect(await readRaw(suite().client, `${prefix}r`)).toHaveLength(1);
    });

    it("checkpoints rewind only through reset; a record that is not a checkpoint is a CorruptEvent, not a silent restart", async () => {
      const prefix = `${uniqueStream("cp")}-`;
      const store = new EsdbCheckpointStore(suite().client, { streamPrefix: prefix });
      await store.save("r", 50n);
      await store.reset("r");
      expect(await store.load("r")).toBeUndefined();
      await store.save("r", 3n);
      expect(await store.load("r")).toBe(3n);
      await suite().client.appendToStream(`${prefix}bad`, {
        ...rawEvent({ position: "ten" }),
        type: CHECKPOINT_EVENT_TYPE,
      });
      const failure = await store.load("bad").catch((error: unknown) => error);
      expect(isLedgerError(failure, "corrupt-event")).toBe(true);
      await expect(store.save("", 1n)).rejects.toThrow(TypeError);
      await expect(store.save("r", -1n)).rejects.toThrow(RangeError);
    });

    it("R24: parked streams answer like the in-memory store, call for call", async () => {
      const store = new EsdbParkedStreamStore(suite().client, { stream: uniqueStream("parked") });
      expect(await scenario(store)).toEqual(await scenario(new InMemoryParkedStreamStore()));
    });

    it("R24: concurrent parks of one stream keep the first entry; bigints stay exact", async () => {
      const stream = uniqueStream("parked");
      const store = new EsdbParkedStreamStore(suite().client, { stream });
      const far = parked("outbound", "s", 9007199254740993n, { streamVersion: 2n ** 63n - 1n });
      await store.park(far);
      await Promise.all(Array.from({ length: 6 }, (_, i) => store.park(parked("outbound", "s", BigInt(i)))));
      expect(await store.list()).toEqual([far]);
      expect(await readRaw(suite().client, stream)).toHaveLength(1);
    });

    it("headPosition is the last ledger event's position, past snapshot, checkpoint and foreign records after it", async () => {
      const { store, snapshots, client } = suite();
      const tenant = `head-${randomUUID().slice(0, 8)}`;
      const last = await store.appendToStream(`vpp-license:${tenant}:1001`, [
        poolEvent(tenant, 1),
        poolEvent(tenant, 2),
      ]);
      await snapshots.save({
        streamId: `vpp-license:${tenant}:1001`,
        streamVersion: 2n,
        schemaVersion: 1,
        state: {},
      });
      await checkpoints().save("reader", last.lastGlobalPosition);
      await client.appendToStream(uniqueStream("foreign"), rawEvent({ other: "application" }));
      expect(await store.headPosition()).toBe(last.lastGlobalPosition);
    });
  });
}

describe("headPosition on an empty log (fake server)", () => {
  const suite = useBackend(backends[0]!);
  it("is 0n when no ledger event was ever appended, whatever else the log holds", async () => {
    const { store, client } = suite();
    expect(await store.headPosition()).toBe(0n);
    await client.appendToStream(uniqueStream("foreign"), rawEvent({ other: "application" }));
    expect(await store.headPosition()).toBe(0n);
  });
});
