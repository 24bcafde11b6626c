import { type EventStore, eventIdFor, licenseStreamId } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { install, licensedUser, linked } from "./support/flows.js";
import { right, TENANT } from "./support/harness.js";
import { poolInLedger } from "./support/ledger-fixtures.js";
import { outboundFor } from "./support/outbound.js";
import { syncNow } from "./support/scenario.js";

/** Plants an event that does not decode, as a bug or an old release could have (the store takes any JSON). */
const poison = async (store: EventStore, tenantId: string, adamId: string, at: string): Promise<string> => {
  const id = eventIdFor(`poison-${tenantId}-${adamId}`, 0);
  await store.appendToStream(licenseStreamId(tenantId, adamId), [
    {
      id,
      type: "LicenseAssigned",
      schemaVersion: 1,
      data: { userId: "bad:id", at },
      metadata: {
        tenantId,
        correlationId: "poison",
        causationId: "poison",
        actor: { kind: "system" },
        recordedAt: at,
      },
    },
  ]);
  return id;
};

describe("deliverOutbound: one poisoned event (R24)", () => {
  it("R24 row 2: a poisoned pool of another tenant, and of this tenant's other app, park only their streams: this tenant's association still reaches Apple", async () => {
    const h = await linked();
    h.loc.addAsset({ adamId: "200", totalCount: 2 });
    await poolInLedger(h, "200", 2);
    const out = outboundFor(h);
    await licensedUser(h, out, "u-2");
    await poison(h.store, "other-tenant", "100", h.clock.now());
    // u-3's path to a license (as licensedUser), with this tenant's other pool poisoned before the association
    // goes out: the sync of a tenant reads all its pools, the delivery only what each event needs.
    await install(h, "100", "u-3");
    await out.deliver();
    h.loc.acceptInvitation("u-3");
    right(await syncNow(h, "isolation-sync"));
    await install(h, "100", "u-3");
    await poison(h.store, TENANT, "200", h.clock.now());
    const report = await out.deliver();

    expect(report.stopped).toBeUndefined();
    const held = h.loc.state().assignments.map((a) => `${a.adamId}/${a.clientUserId}`);
    expect(held).toContain("100/u-3");
    expect(out.associations.map((a) => a.userId)).toContain("u-3");
    const parked = await out.parked.list("apple-outbound");
    expect(parked.map(({ streamId, field, code }) => ({ streamId, field, code }))).toEqual([
      { streamId: licenseStreamId("other-tenant", "100"), field: "data.userId", code: "corrupt-event" },
      { streamId: licenseStreamId(TENANT, "200"), field: "data.userId", code: "corrupt-event" },
    ]);
  });

  it("R24: after the repair (redactEvent), the next run delivers the parked stream's held-back work and releases it", async () => {
    const h = await linked();
    h.loc.addAsset({ adamId: "200", totalCount: 2 });
    await poolInLedger(h, "200", 2);
    const out = outboundFor(h);
    await licensedUser(h, out, "u-2");
    const poisonId = await poison(h.store, TENANT, "200", h.clock.now());
    const first = await out.deliver();
    expect(first.parked.map((entry) => entry.streamId)).toEqual([licenseStreamId(TENANT, "200")]);
    expect(h.loc.state().assignments.some((a) => a.adamId === "200")).toBe(false);

    // The repair: the event's data rewritten in place to what it should have been (u-2 is known to Apple).
    const streamId = licenseStreamId(TENANT, "200");
    expect(await h.store.redactEvent?.(streamId, poisonId, { userId: "u-2", at: h.clock.now() })).toBe(true);
    const second = await out.deliver();

    expect(second.stopped).toBeUndefined();
    expect(h.loc.state().assignments.map((a) => `${a.adamId}/${a.clientUserId}`)).toContain("200/u-2");
    expect(await out.parked.list("apple-outbound")).toEqual([]);
  });
});
