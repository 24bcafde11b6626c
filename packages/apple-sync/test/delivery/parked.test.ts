import { eventIdFor, licenseStreamId } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { simulator, World } from "./world.js";

describe("AppleDelivery: a poisoned event (R24)", () => {
  it("R24: an undecodable event parks only its own stream; the other pools' and tenants' work reaches Apple", async () => {
    const sim = await simulator();
    const world = new World();
    const loc = await world.tenant("acme", sim, { "100": 5, "200": 5 });
    await world.users("acme", ["u-1", "u-2"]);
    await world.startAtHead();
    await world.assign("acme", "100", ["u-1"]);
    // A LicenseAssigned whose userId breaks the grammar, as a bug or an old release could have written.
    const at = world.now();
    await world.store.appendToStream(licenseStreamId("acme", "200"), [
      {
        id: eventIdFor("poison", 0),
        type: "LicenseAssigned",
        schemaVersion: 1,
        data: { userId: "bad:id", at },
        metadata: {
          tenantId: "acme",
          correlationId: "p",
          causationId: "p",
          actor: { kind: "system" },
          recordedAt: at,
        },
      },
    ]);
    await world.assign("acme", "100", ["u-2"]);
    const parked: string[] = [];
    const delivery = world.delivery({ onParked: (entry) => void parked.push(entry.streamId) });

    await delivery.run();

    expect(parked).toEqual([licenseStreamId("acme", "200")]);
    expect(
      loc
        .state()
        .assignments.map((a) => `${a.adamId}/${a.clientUserId}`)
        .sort(),
    ).toEqual(["100/u-1", "100/u-2"]);
    expect(delivery.outstanding).toBe(0);
  });
});
