import { isOverAllocated } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { right, TENANT, typesOf } from "./support/harness.js";
import { acceptInLedger, assignInLedger, inviteInLedger, poolInLedger } from "./support/ledger-fixtures.js";
import { seeded, syncNow } from "./support/scenario.js";

describe("syncAccount: assignments and counts", () => {
  it("reports drift both ways and never imports or reclaims because of it", async () => {
    const h = await seeded();
    await inviteInLedger(h, "u-both");
    h.loc.addForeignUser({ clientUserId: "u-both", status: "Associated" });
    await acceptInLedger(h, "u-both");
    await acceptInLedger(h, "u-accepted");
    await poolInLedger(h, "100", 10);
    await assignInLedger(h, "100", "u-both");
    h.loc.addForeignAssignment({ adamId: "100", clientUserId: "u-both" });
    // Only the ledger: u-accepted on 100 (perhaps an association still on its way).
    await assignInLedger(h, "100", "u-accepted");
    // Only Apple: u-accepted on 200, made outside this product.
    h.loc.addForeignAssignment({ adamId: "200", clientUserId: "u-accepted" });
    const before = (await h.events()).length;

    const outcome = right(await syncNow(h, "sync-1"));

    expect(outcome).toMatchObject({
      status: "succeeded",
      report: { assignments: 2, ignoredForeignAssignments: 2, drift: 2 },
      drift: { appleOnly: 1, ledgerOnly: 1 },
    });
    const appended = typesOf((await h.events()).slice(before));
    expect(appended).not.toContain("LicenseAssigned");
    expect(appended).not.toContain("LicenseReclaimed");
    const holders = (await h.ledger.loadLicense(TENANT, "100")).state.holders;
    expect([...holders.keys()].sort()).toEqual(["u-accepted", "u-both"]);
    expect((await h.ledger.loadLicense(TENANT, "200")).state.holders.size).toBe(0);
  });

  it("R16: Apple lowering the purchased count below the licenses assigned is reported as over-allocation", async () => {
    const h = await seeded();
    await acceptInLedger(h, "u-accepted");
    await inviteInLedger(h, "u-other");
    await acceptInLedger(h, "u-other");
    await poolInLedger(h, "200", 3);
    await assignInLedger(h, "200", "u-accepted");
    await assignInLedger(h, "200", "u-other");
    h.loc.setTotalCount("200", 1, { notify: false });

    right(await syncNow(h, "sync-1"));

    const pool = (await h.ledger.loadLicense(TENANT, "200")).state;
    expect(pool.purchased).toBe(1);
    expect(isOverAllocated(pool)).toBe(true);
    const events = await h.events();
    expect(events.find((e) => e.event.type === "OverAllocationDetected")?.event.data).toMatchObject({
      purchased: 1,
      assigned: 2,
    });
  });

  it("R11: an app bought under STDQ and PLUS: its pool follows one pricingParam, the other is reported, never summed", async () => {
    const h = await seeded();
    const fetchWithPlus: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).includes("/assets")) return response;
      const body = (await response.json()) as { assets: Array<Record<string, unknown>> };
      const plus = body.assets
        .filter((a) => a.adamId === "100")
        .map((a) => ({ ...a, pricingParam: "PLUS", totalCount: 4 }));
      return Response.json({ ...body, assets: [...body.assets, ...plus] });
    };
    const client = h.newClient({ fetch: fetchWithPlus });

    const outcome = right(await syncNow({ ...h, deps: { ...h.deps, client } }, "sync-1"));

    const pool = (await h.ledger.loadLicense(TENANT, "100")).state;
    expect(pool.purchased).toBe(10);
    expect(pool.metadata.pricingParam).toBe("STDQ");
    expect(outcome).toMatchObject({ status: "succeeded", drift: { otherPricingLicenses: 4 } });
    // Once chosen, the pool keeps its pricingParam even when the other grows larger.
    const bigPlus: typeof fetch = async (input, init) => {
      const response = await fetchWithPlus(input, init);
      if (!String(input).includes("/assets")) return response;
      const body = (await response.json()) as { assets: Array<Record<string, unknown>> };
      return Response.json({
        ...body,
        assets: body.assets.map((a) => (a.pricingParam === "PLUS" ? { ...a, totalCount: 50 } : a)),
      });
    };
    const again = h.newClient({ fetch: bigPlus });
    const second = right(await syncNow({ ...h, deps: { ...h.deps, client: again } }, "sync-2"));
    expect((await h.ledger.loadLicense(TENANT, "100")).state).toMatchObject({
      purchased: 10,
      metadata: { pricingParam: "STDQ" },
    });
    expect(second).toMatchObject({ drift: { otherPricingLicenses: 50 } });
  });
});
