import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createPgliteEventStore } from "../src/index.js";
import { MIGRATIONS } from "../src/schema/migrations.js";
import { collect, testEvents } from "./support/events.js";
import { PGLITE_OPEN_TIMEOUT_MS } from "./support/pglite.js";

describe("PGlite in a data directory", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  // This test opens PGlite itself, twice (initdb in a fresh data directory, then a reopen): its deadline
  // holds an open's budget for each (see support/pglite.ts).
  it(
    "keeps events, snapshots, checkpoints and parked streams across a close and reopen, and does not migrate twice",
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), "vpp-ledger-pglite-"));
      dirs.push(dataDir);
      const events = testEvents("persisted", 3);
      const first = await createPgliteEventStore({ dataDir });
      await first.store.appendToStream("kept", events, { expectedVersion: "no_stream" });
      await first.snapshots.save({
        streamId: "kept",
        streamVersion: 3n,
        schemaVersion: 1,
        state: { kept: true },
      });
      await first.checkpoints.save("reader", 3n);
      const parked = {
        reader: "reader",
        streamId: "kept",
        streamVersion: 2n,
        globalPosition: 2n,
        eventType: "Tested",
        field: "data.index",
        code: "corrupt-event",
        reason: "data.index must be a string",
      };
      await first.parked.park(parked);
      await first.close();

      const second = await createPgliteEventStore({ dataDir });
      try {
        expect(await second.migrate()).toMatchObject({ from: MIGRATIONS.length, applied: [] });
        expect(await second.checkpoints.load("reader")).toBe(3n);
        expect(await second.parked.list("reader")).toEqual([parked]);
        expect((await collect(second.store.readStream("kept"))).map((e) => e.id)).toEqual(
          events.map((e) => e.id),
        );
        expect(await second.snapshots.load("kept")).toMatchObject({
          streamVersion: 3n,
          state: { kept: true },
        });
        expect(
          await second.store.appendToStream("kept", events, { expectedVersion: "no_stream" }),
        ).toMatchObject({
          written: false,
        });
      } finally {
        await second.close();
      }
    },
    2 * PGLITE_OPEN_TIMEOUT_MS,
  );
});
