import { accountStatus } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { syncAccount } from "../../src/index.js";
import { OTHER_MDM, OUR_MDM, right, TENANT, typesOf } from "./support/harness.js";
import { seeded, syncNow as sync } from "./support/scenario.js";

describe("syncAccount", () => {
  it("R9, R11, R15: imports purchased counts and accepted terms, counts foreign users and assignments", async () => {
    const h = await seeded();
    const outcome = right(await sync(h, "sync-1"));

    expect(outcome).toMatchObject({
      status: "succeeded",
      report: {
        apps: 3,
        users: 2,
        assignments: 0,
        ignoredForeignUsers: 2,
        ignoredForeignAssignments: 2,
        drift: 0,
        changes: 4,
      },
    });
    const pool = async (adamId: string) => (await h.ledger.loadLicense(TENANT, adamId)).state.purchased;
    expect([await pool("100"), await pool("200"), await pool("300")]).toEqual([10, 3, 2_147_483_647]);
    expect((await h.ledger.loadLicense(TENANT, "900")).version).toBe(0n);
    const { users } = (await h.ledger.loadAccount(TENANT)).state;
    expect(Object.fromEntries(users)).toEqual({ "u-accepted": "accepted", "u-pending": "invited" });
    expect(h.loc.state().mdmInfo).toEqual(OUR_MDM);
    const synced = (await h.events()).filter((e) => e.place.actor.kind === "apple-sync");
    expect(typesOf(synced)).toEqual([
      "PurchasedCountSynced",
      "PurchasedCountSynced",
      "PurchasedCountSynced",
      "TermsAccepted",
      "SyncSucceeded",
    ]);
  });

  it("R7: a sync that finds nothing new appends only its own start and success, and writes nothing at Apple", async () => {
    const h = await seeded();
    right(await sync(h, "sync-1"));
    const before = (await h.events()).length;
    h.sim.clearLogs();

    const outcome = right(await sync(h, "sync-2"));

    expect(outcome).toMatchObject({ status: "succeeded", report: { changes: 0, apps: 3, users: 2 } });
    expect(typesOf((await h.events()).slice(before))).toEqual(["SyncStarted", "SyncSucceeded"]);
    expect(h.sim.requests.filter((r) => r.method === "POST")).toEqual([]);
  });

  it("R18: a crashed sync re-run with the same syncId never doubles an event", async () => {
    const h = await seeded();
    const crashing = {
      ...h.deps,
      ledger: {
        ...h.ledger,
        account: async (...args: Parameters<typeof h.ledger.account>) => {
          const [, command] = args;
          if (command.type === "CompleteSync" || command.type === "FailSync") throw new Error("process died");
          return h.ledger.account(...args);
        },
      },
    };
    await expect(
      syncAccount(crashing, { tenantId: TENANT, syncId: "sync-1", trigger: "schedule", at: h.clock.now() }),
    ).rejects.toThrow("process died");
    const afterCrash = typesOf(await h.events());

    const outcome = right(
      await syncAccount(h.deps, {
        tenantId: TENANT,
        syncId: "sync-1",
        trigger: "schedule",
        at: h.clock.now(),
      }),
    );

    expect(outcome.status).toBe("succeeded");
    expect(typesOf(await h.events())).toEqual([...afterCrash, "SyncSucceeded"]);
    expect(afterCrash.filter((t) => t === "PurchasedCountSynced")).toHaveLength(3);
    expect(afterCrash.filter((t) => t === "TermsAccepted")).toHaveLength(1);
  });
});

describe("syncAccount: ownership (R6, R8)", () => {
  it("R6, R8: another MDM's mdmInfo stops the sync at its first call and records who holds the location", async () => {
    const h = await seeded();
    h.loc.setMdmInfo(OTHER_MDM);
    h.sim.clearLogs();

    const outcome = right(await sync(h, "sync-1"));

    expect(outcome).toMatchObject({ status: "failed", failure: { code: "location-claimed" } });
    const apiCalls = h.sim.requests.filter((r) => r.path !== "service/config");
    expect(apiCalls.map((r) => `${r.method} ${r.path}`)).toEqual(["GET client/config"]);
    const account = (await h.ledger.loadAccount(TENANT)).state;
    expect(account.claimedBy).toMatchObject({ mdmId: OTHER_MDM.id, mdmName: OTHER_MDM.name });
    expect(accountStatus(account, h.clock.now())).toBe("claimed-by-other-mdm");
    expect(typesOf((await h.events()).slice(-2))).toEqual(["LocationClaimedByOtherMdm", "SyncFailed"]);
    expect(account.sync.lastFailure?.message).toContain(`id ${OTHER_MDM.id}) holds this Apple location`);
    expect(h.loc.state().mdmInfo).toEqual(OTHER_MDM);
  });

  it("R6: once the claim is recorded, no sync starts and Apple is not called", async () => {
    const h = await seeded();
    h.loc.setMdmInfo(OTHER_MDM);
    right(await sync(h, "sync-1"));
    h.sim.clearLogs();

    const refused = await sync(h, "sync-2");

    expect(E.isLeft(refused) && refused.left.code).toBe("location-claimed");
    expect(h.sim.requests).toEqual([]);
  });

  it("R8: another MDM claiming the location during the sync stops it at the next response", async () => {
    const h = await seeded();
    const client = h.newClient({
      fetch: (input, init) => {
        if (String(input).includes("/users")) h.loc.setMdmInfo(OTHER_MDM);
        return fetch(input, init);
      },
    });

    const outcome = right(
      await syncAccount(
        { ...h.deps, client },
        { tenantId: TENANT, syncId: "sync-1", trigger: "manual", at: h.clock.now() },
      ),
    );

    expect(outcome).toMatchObject({ status: "failed", failure: { code: "location-claimed" } });
    expect((await h.ledger.loadAccount(TENANT)).state.claimedBy?.mdmId).toBe(OTHER_MDM.id);
    expect(h.sim.requests.some((r) => r.path === "assignments")).toBe(false);
  });

  it("R6: after an admin restores ownership, a sync with takeOver claims the location again", async () => {
    const h = await seeded();
    h.loc.setMdmInfo(OTHER_MDM);
    right(await sync(h, "sync-1"));
    right(
      await h.ledger.account(
        TENANT,
        { type: "RestoreOwnership", data: { at: h.clock.now() } },
        { commandId: "restore-1", actor: { kind: "admin", id: "admin-1" } },
      ),
    );

    const outcome = right(await sync(h, "sync-2", true));

    expect(outcome.status).toBe("succeeded");
    expect(h.loc.state().mdmInfo).toEqual(OUR_MDM);
  });

  it("R6: without takeOver, a restored account whose location is still claimed is recorded claimed again", async () => {
    const h = await seeded();
    h.loc.setMdmInfo(OTHER_MDM);
    right(await sync(h, "sync-1"));
    right(
      await h.ledger.account(
        TENANT,
        { type: "RestoreOwnership", data: { at: h.clock.now() } },
        { commandId: "restore-1", actor: { kind: "admin", id: "admin-1" } },
      ),
    );

    const outcome = right(await sync(h, "sync-2"));

    expect(outcome).toMatchObject({ status: "failed", failure: { code: "location-claimed" } });
    expect(h.loc.state().mdmInfo).toEqual(OTHER_MDM);
  });
  it("R8: a client that latched a conflict earlier is cleared once Apple shows our claim again", async () => {
    const h = await seeded();
    h.loc.setMdmInfo(OTHER_MDM);
    await expect(h.client.getClientConfig()).rejects.toMatchObject({ code: "mdm-conflict" });
    h.loc.setMdmInfo(OUR_MDM);

    const outcome = right(await sync(h, "sync-1"));

    expect(outcome.status).toBe("succeeded");
    expect(h.client.ownershipConflict).toBeUndefined();
  });
});
