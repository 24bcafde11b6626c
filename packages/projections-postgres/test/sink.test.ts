import {
  decodeLedgerEvent,
  type EventStore,
  InMemoryEventStore,
  InMemoryParkedStreamStore,
  LeasedProcessor,
  type LedgerEvent,
  LogProcessor,
  licenseStreamId,
} from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { openReadModels, ReadModelSinkMisconfigured, ReadModelsMoved } from "../src/index.js";
import { appender, minute } from "./support/append.js";
import { BACKENDS } from "./support/backends.js";
import { expectEqualToReplay } from "./support/compare.js";
import { CrashingClient } from "./support/crashing-client.js";
import { waitCaughtUp } from "./support/live.js";

/** A small valid history: two pools of one tenant. */
const history = async (store: EventStore) => {
  const add = appender(store);
  for (const adamId of ["100", "200"]) {
    await add.license(
      "acme",
      adamId,
      { type: "PurchasedCountSynced", data: { purchased: 2, previous: 0, at: minute(1) } },
      { type: "LicenseAssigned", data: { userId: "user-1", at: minute(2) } },
      { type: "AppInstalled", data: { userId: "user-1", at: minute(3) } },
    );
  }
};

const decoded = async (store: InMemoryEventStore): Promise<LedgerEvent[]> => {
  const events: LedgerEvent[] = [];
  for await (const recorded of store.readAll()) {
    const event = decodeLedgerEvent(recorded);
    if (event) events.push(event);
  }
  return events;
};

describe.each(BACKENDS.filter((b) => b.enabled))("the read-model sink on $name", ({ setup }) => {
  const backend = setup();

  it("of two instances that read the same batch, the second to commit is refused and nothing is applied twice", async () => {
    const store = new InMemoryEventStore();
    await history(store);
    const readModels = await backend.open();
    const [a, b] = [readModels.sink("console"), readModels.sink("console")];
    await a.position();
    await b.position();
    const events = await decoded(store);
    const position = await store.headPosition();
    await a.commit({ events, position });
    await expect(b.commit({ events, position })).rejects.toBeInstanceOf(ReadModelsMoved);
    await expectEqualToReplay(readModels.queries, store);
  });

  it("applies a repaired stream's held-back events once, even when the resume crashes half-way", async () => {
    const store = new InMemoryEventStore();
    const add = appender(store);
    await add.license(
      "acme",
      "300",
      { type: "PurchasedCountSynced", data: { purchased: 3, previous: 0, at: minute(1) } },
      // Undecodable: a user id outside the grammar (R24). Its stream is parked at it.
      { type: "LicenseAssigned", data: { userId: "user:2", at: minute(2) } },
      { type: "LicenseAssigned", data: { userId: "user-3", at: minute(3) } },
      { type: "AppInstalled", data: { userId: "user-3", at: minute(4) } },
    );
    await history(store);
    const parked = new InMemoryParkedStreamStore();
    const client = new CrashingClient(backend.client());
    const readModels = await openReadModels(client, { schema: backend.freshSchema() });
    const feed = () => new LogProcessor(readModels.feed({ name: "console", store, parked, batchSize: 4 }));
    const first = await feed().pass();
    expect(first.parked.map((p) => [p.streamId, p.streamVersion])).toEqual([
      [licenseStreamId("acme", "300"), 2n],
    ]);

    // The repair; then a pass whose resume commits the first held-back event and crashes on the second.
    const streamId = licenseStreamId("acme", "300");
    let poisoned: { id: string } | undefined;
    for await (const recorded of store.readStream(streamId))
      if (recorded.streamVersion === 2n) poisoned = recorded;
    expect(await store.redactEvent(streamId, poisoned!.id, { userId: "user-2", at: minute(2) })).toBe(true);
    client.arm(1, { kind: "before-commit" });
    await expect(feed().pass()).rejects.toThrow();
    expect((await parked.list()).length).toBe(1);

    const resumed = await feed().pass();
    expect(resumed.resumed.map((p) => p.streamId)).toEqual([streamId]);
    expect(await parked.list()).toEqual([]);
    await expectEqualToReplay(readModels.queries, store);
  });

  it("refuses a batch read before a rebuild switched the serving generation; the next pass goes on in the new one", async () => {
    const store = new InMemoryEventStore();
    await history(store);
    const parked = new InMemoryParkedStreamStore();
    const readModels = await backend.open();
    const stale = readModels.sink("console");
    await stale.position();
    await readModels.rebuild({ store, parked, processor: "console" });
    const events = await decoded(store);
    await expect(stale.commit({ events, position: await store.headPosition() })).rejects.toBeInstanceOf(
      ReadModelsMoved,
    );
    expect((await new LogProcessor(readModels.feed({ name: "console", store, parked })).pass()).events).toBe(
      0,
    );
    await expectEqualToReplay(readModels.queries, store);
  });

  it("checks a LeasedProcessor's lease in each batch's transaction, and refuses a leased batch it cannot check", async () => {
    const storage = await backend.openStorage();
    await history(storage.store);
    const readModels = await backend.open({ leaseSchema: storage.schema });
    const options = readModels.feed({ name: "console", store: storage.store, parked: storage.parked });
    const leased = new LeasedProcessor(options, { leases: storage.leases, ttlMs: 5_000, pollIntervalMs: 20 });
    leased.start();
    await waitCaughtUp(leased, storage.store);
    await leased.stop();
    await expectEqualToReplay(readModels.queries, storage.store);

    const lease = { name: "console", owner: "someone-else", epoch: 99n, ttlMs: 5_000 };
    const unleased = await backend.open();
    const sink = unleased.sink("console");
    await expect(sink.commit({ events: [], position: 1n, lease })).rejects.toBeInstanceOf(
      ReadModelSinkMisconfigured,
    );
    const checked = readModels.sink("console");
    await expect(checked.commit({ events: [], position: 1n, lease })).rejects.toMatchObject({
      code: "lease-lost",
    });
  });
});
