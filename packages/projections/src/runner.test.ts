import {
  type EventToAppend,
  eventIdFor,
  InMemoryCheckpointStore,
  InMemoryEventStore,
  InMemoryParkedStreamStore,
  licenseStreamId,
} from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { PurchasedApps } from "./purchased-apps.js";
import { catchUp, project } from "./runner.js";

const at = "2026-12-01T09:00:00Z";
const metadata = (tenantId: string) => ({
  tenantId,
  correlationId: "c",
  causationId: "c",
  actor: { kind: "system" as const },
  recordedAt: at,
});
const event = (tenantId: string, label: string, type: string, data: unknown): EventToAppend => ({
  id: eventIdFor(label, 0),
  type,
  schemaVersion: 1,
  data,
  metadata: metadata(tenantId),
});

/** Two tenants' pools; the first tenant's has an event planted that does not decode. */
const poisonedLog = async () => {
  const store = new InMemoryEventStore();
  await store.appendToStream(licenseStreamId("alpha", "1001"), [
    event("alpha", "a1", "PurchasedCountSynced", { purchased: 3, previous: 0, at }),
  ]);
  await store.appendToStream(licenseStreamId("alpha", "1001"), [
    event("alpha", "a2", "PurchasedCountSynced", { purchased: -1, previous: 3, at }),
  ]);
  await store.appendToStream(licenseStreamId("beta", "1001"), [
    event("beta", "b1", "PurchasedCountSynced", { purchased: 7, previous: 0, at }),
  ]);
  return store;
};

describe("project and catchUp: isolation (R24)", () => {
  it("R24: an undecodable event parks only its stream; the other tenant's read model is complete and the run goes on", async () => {
    const store = await poisonedLog();
    const view = new PurchasedApps();
    const parked = new InMemoryParkedStreamStore();
    const result = await project(store, [view], { parked });
    expect(view.get("beta", "1001")).toMatchObject({ purchased: 7 });
    expect(view.get("alpha", "1001")).toMatchObject({ purchased: 3 });
    expect(result.events).toBe(3);
    expect(
      result.parked.map(({ streamId, streamVersion, field }) => ({ streamId, streamVersion, field })),
    ).toEqual([{ streamId: licenseStreamId("alpha", "1001"), streamVersion: 2n, field: "data.purchased" }]);
  });

  it("R24: after the repair, catchUp applies the parked stream's held-back events and releases it", async () => {
    const store = await poisonedLog();
    const view = new PurchasedApps();
    const checkpoints = new InMemoryCheckpointStore();
    const parked = new InMemoryParkedStreamStore();
    await catchUp(store, view, checkpoints, { parked });
    expect(await parked.list(view.name)).toHaveLength(1);

    await store.redactEvent(licenseStreamId("alpha", "1001"), eventIdFor("a2", 0), {
      purchased: 1,
      previous: 3,
      at,
    });
    const again = await catchUp(store, view, checkpoints, { parked });

    expect(again.resumed.map((entry) => entry.streamId)).toEqual([licenseStreamId("alpha", "1001")]);
    expect(view.get("alpha", "1001")).toMatchObject({ purchased: 1 });
    expect(await parked.list(view.name)).toEqual([]);
  });
});
