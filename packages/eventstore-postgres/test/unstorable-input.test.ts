import { type EventToAppend, InvalidEvent, isLedgerError } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import type { PostgresStorage } from "../src/index.js";
import { PostgresCheckpointStore } from "../src/store/postgres-checkpoint-store.js";
import { PostgresEventStore } from "../src/store/postgres-event-store.js";
import { PostgresParkedStreamStore } from "../src/store/postgres-parked-stream-store.js";
import { PostgresSnapshotStore } from "../src/store/postgres-snapshot-store.js";
import { BACKENDS } from "./support/backends.js";
import { collect, testEvents, testMetadata } from "./support/events.js";
import { printed } from "./support/printed.js";
import { randomSchema } from "./support/random-schema.js";

// A marker in every bad value: whatever the error says, it must not say this.
const SECRET = "s3cret";

const failureOf = async (work: Promise<unknown>): Promise<unknown> =>
  work.then(
    () => {
      throw new Error("expected a failure");
    },
    (error: unknown) => error,
  );

/** The append was refused as a typed, non-retryable InvalidEvent at `path`, with no trace of the payload. */
const expectRefused = async (
  storage: PostgresStorage,
  streamId: string,
  events: ReadonlyArray<EventToAppend>,
  path: string,
  payload: ReadonlyArray<string>,
): Promise<InvalidEvent> => {
  const error = await failureOf(storage.store.appendToStream(streamId, events));
  expect(error).toBeInstanceOf(InvalidEvent);
  expect(error).toMatchObject({ code: "invalid-event", retryable: false, path });
  const text = printed(error);
  for (const part of [SECRET, ...payload]) expect(text).not.toContain(part);
  return error as InvalidEvent;
};

for (const kind of BACKENDS) {
  describe.runIf(kind.enabled)(`values PostgreSQL cannot store (${kind.name})`, () => {
    const backend = kind.setup();
    const [event, second] = testEvents("unstorable", 2);

    it("a NUL in the stream id: InvalidEvent at streamId, never the id; nothing written", async () => {
      const storage = await backend.open();
      const streamId = `vpp-license:${SECRET}\u0000:1`;
      const error = await expectRefused(storage, streamId, [event!], "streamId", ["\u0000"]);
      expect(error.message).toMatch(/holds a \\u0000 character, which PostgreSQL cannot store/);
      expect(await backend.sql(`SELECT * FROM "${storage.schema}".streams`)).toEqual([]);
    });

    it("an unpaired surrogate in the stream id is refused too, not silently stored as U+FFFD", async () => {
      const storage = await backend.open();
      await expectRefused(storage, `${SECRET}\uD800`, [event!], "streamId", ["\uD800", "\uFFFD"]);
      expect(await collect(storage.store.readAll())).toEqual([]);
    });

    it("a NUL in the tenant of the metadata: InvalidEvent naming metadata.tenantId, SQLSTATE 22P05", async () => {
      const storage = await backend.open();
      const bad = { ...second!, metadata: { ...testMetadata, tenantId: `${SECRET}\u0000tenant` } };
      const error = await expectRefused(storage, "s", [event!, bad], "metadata.tenantId", ["\u0000"]);
      expect(error.message).toContain("event 1 of the batch holds a \\u0000 character");
      expect(error.message).toContain("SQLSTATE 22P05");
      expect(error.streamId).toBe("s");
      expect(await storage.store.streamVersion("s")).toBe(0n);
    });

    it('a lone surrogate ("u\\uD800") in event data: InvalidEvent naming the field, SQLSTATE 22P02', async () => {
      const storage = await backend.open();
      for (const value of ["u\uD800", `${SECRET}\uDC00x`]) {
        const bad = { ...event!, data: { userId: value } };
        const error = await expectRefused(storage, "s", [bad], "data.userId", [value, "\\ud800", "\\udc00"]);
        expect(error.message).toContain("an unpaired surrogate");
        expect(error.message).toContain("SQLSTATE 22P02");
      }
      expect(await storage.store.streamVersion("s")).toBe(0n);
    });

    it("nested places and keys are named by path, map keys and bad keys are not spelled out", async () => {
      const storage = await backend.open();
      const nested = { ...event!, data: { holders: { [`user-${SECRET}`]: { names: ["ok", "x\u0000"] } } } };
      await expectRefused(storage, "s", [nested], "data.holders[…].names[1]", []);
      const badKey = { ...event!, data: { [`${SECRET}\u0000`]: 1 } };
      await expectRefused(storage, "s", [badKey], "data.<key>", []);
    });

    it("a schema version beyond the integer column: InvalidEvent, and PostgreSQL's echo of the number is dropped", async () => {
      const storage = await backend.open();
      const error = await expectRefused(
        storage,
        "s",
        [{ ...event!, schemaVersion: 3_000_000_123 }],
        "schemaVersion",
        ["3000000123"],
      );
      expect(error.message).toContain("SQLSTATE 22003");
    });

    it("snapshots: unstorable state or stream id is snapshot-invalid, naming the place only", async () => {
      const { snapshots } = await backend.open();
      for (const [snapshot, where] of [
        [
          { streamId: "s", streamVersion: 1n, schemaVersion: 1, state: { note: `${SECRET}\u0000` } },
          "state.note",
        ],
        [{ streamId: `${SECRET}\u0000`, streamVersion: 1n, schemaVersion: 1, state: {} }, "stream id"],
        [{ streamId: "s", streamVersion: 1n, schemaVersion: 1, state: [`${SECRET}\uD800`] }, "state[0]"],
      ] as const) {
        const error = await failureOf(snapshots.save(snapshot));
        expect(error).toMatchObject({ code: "snapshot-invalid", retryable: false });
        expect((error as Error).message).toContain(where);
        expect(printed(error)).not.toContain(SECRET);
      }
      expect(await snapshots.load("s")).toBeUndefined();
    });

    it("reads of a stream id no append could store answer as for an unknown stream, without asking PostgreSQL", async () => {
      const { store, snapshots } = await backend.open();
      const id = `${SECRET}\u0000`;
      expect(await collect(store.readStream(id))).toEqual([]);
      expect(await store.streamVersion(id)).toBe(0n);
      expect(await store.findEvent(id, event!.id)).toBeUndefined();
      expect(await store.redactEvent(id, event!.id, {})).toBe(false);
      expect(await snapshots.load(id)).toBeUndefined();
    });

    it("redaction data, checkpoint names and parked entries PostgreSQL cannot store are TypeErrors naming the field", async () => {
      const { store, checkpoints, parked } = await backend.open();
      await store.appendToStream("s", [event!]);
      for (const work of [
        store.redactEvent("s", event!.id, { userId: `${SECRET}\u0000` }),
        checkpoints.save(`${SECRET}\uD800`, 1n),
        checkpoints.load(`${SECRET}\u0000`),
        parked.park({
          reader: "r",
          streamId: "s",
          streamVersion: 1n,
          globalPosition: 1n,
          eventType: "Tested",
          field: "data",
          code: "corrupt-event",
          reason: `${SECRET}\u0000`,
        }),
      ]) {
        const error = await failureOf(work);
        expect(error).toBeInstanceOf(TypeError);
        expect(printed(error)).not.toContain(SECRET);
      }
      expect((await collect(store.readStream("s")))[0]?.data).toEqual(event!.data);
    });

    it("every operation on a schema that is missing fails typed and non-retryable, naming the SQLSTATE", async () => {
      const schema = randomSchema("missing");
      const store = new PostgresEventStore(backend.client, schema);
      const snapshots = new PostgresSnapshotStore(backend.client, schema);
      const checkpoints = new PostgresCheckpointStore(backend.client, schema);
      const parked = new PostgresParkedStreamStore(backend.client, schema);
      const operations: ReadonlyArray<() => Promise<unknown>> = [
        () => store.appendToStream("s", [event!]),
        () => store.appendToStream("s", []),
        () => collect(store.readStream("s")),
        () => collect(store.readAll()),
        () => store.streamVersion("s"),
        () => store.findEvent("s", event!.id),
        () => store.redactEvent("s", event!.id, {}),
        () => snapshots.load("s"),
        () => snapshots.save({ streamId: "s", streamVersion: 1n, schemaVersion: 1, state: {} }),
        () => checkpoints.load("r"),
        () => checkpoints.save("r", 1n),
        () => checkpoints.reset("r"),
        () => parked.list(),
        () => parked.list("r"),
        () => parked.release("r", "s"),
      ];
      for (const work of operations) {
        const error = await failureOf(work());
        expect(isLedgerError(error, "store-unavailable")).toBe(true);
        expect(error).toMatchObject({
          retryable: false,
          message: expect.stringMatching(/SQLSTATE (42P01|3F000)/),
        });
        expect((error as Error).cause).toMatchObject({ name: "SqlFailure" });
      }
    });
  });
}
