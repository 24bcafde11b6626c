import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import {
  appleAccountId,
  InMemorySyncCursorStore,
  linkAccount,
  type SyncCursorStore,
  syncAccount,
} from "../../src/index.js";
import { HOUR } from "./support/clock.js";
import { right, type SyncHarness, startHarness, TENANT, typesOf } from "./support/harness.js";

let links = 0;
const linkWith = (h: SyncHarness, tokenFile: string, cursors: SyncCursorStore) =>
  linkAccount(
    { ledger: h.ledger, vault: h.vault, location: { cursors, client: { baseUrl: h.sim.baseUrl } } },
    {
      tenantId: TENANT,
      tokenFile,
      tokenName: "ACME token",
      appleId: "admin@acme.example",
      acknowledgedSingleAccount: true,
      at: h.clock.now(),
    },
    { commandId: `link-${++links}`, actor: { kind: "admin", id: "admin-1" } },
  );

const sync = (h: SyncHarness, cursors: SyncCursorStore, syncId: string) =>
  syncAccount({ ...h.deps, cursors }, { tenantId: TENANT, syncId, trigger: "manual", at: h.clock.now() });

const setup = async () => {
  const h = await startHarness();
  h.loc.addAsset({ adamId: "100", totalCount: 2 });
  const cursors = new InMemorySyncCursorStore();
  right(await linkWith(h, h.loc.vppTokenFile(), cursors));
  return { h, cursors };
};

describe("the location is identified by uId, not by name", () => {
  it("R5: a renewed token of the same location (same uId) links, and syncs carry on from their cursor", async () => {
    const { h, cursors } = await setup();
    const uId = (await cursors.load(TENANT))?.locationUId;
    expect(uId).toEqual(expect.any(String));
    right(await sync(h, cursors, "sync-1"));

    const renewed = h.loc.renewToken({ expiresAt: "2028-11-25T10:00:00Z", revokePrevious: true });
    h.clock.advance(HOUR);
    right(await linkWith(h, renewed.vppTokenFile(), cursors));

    expect(await h.vault.get(appleAccountId(TENANT))).toBe(renewed.vppTokenFile().replace(/\s+/g, ""));
    const after = right(await sync(h, cursors, "sync-2"));
    expect(after).toMatchObject({ status: "succeeded", reads: { mode: "incremental" } });
    expect((await cursors.load(TENANT))?.locationUId).toBe(uId);
  });

  it("R2: a token of another location under the same name is refused by its uId; nothing is stored", async () => {
    const { h, cursors } = await setup();
    const other = h.sim.addLocation({ orgName: "ACME School", expiresAt: "2028-01-01T00:00:00Z" });
    const before = (await h.events()).length;

    const refused = await linkWith(h, other.vppTokenFile(), cursors);

    expect(E.isLeft(refused) && refused.left).toMatchObject({ code: "location-mismatch" });
    expect(E.isLeft(refused) && refused.left.message).toContain(
      "upload a token downloaded for the linked location",
    );
    expect(await h.vault.get(appleAccountId(TENANT))).toBe(h.loc.vppTokenFile().replace(/\s+/g, ""));
    expect((await h.events()).length).toBe(before);
  });

  it("a token Apple rejects cannot be checked: location-not-checked, nothing stored", async () => {
    const { h, cursors } = await setup();
    const other = h.sim.addLocation({ orgName: "ACME School", expiresAt: "2028-01-01T00:00:00Z" });
    other.revokeToken();

    const refused = await linkWith(h, other.vppTokenFile(), cursors);

    expect(E.isLeft(refused) && refused.left).toMatchObject({
      code: "location-not-checked",
      retryable: false,
    });
  });

  it("a sync whose token now opens another location stops with location-changed before reading anything", async () => {
    const { h, cursors } = await setup();
    right(await sync(h, cursors, "sync-1"));
    const other = h.sim.addLocation({ orgName: "ACME School", expiresAt: "2028-01-01T00:00:00Z" });
    other.addAsset({ adamId: "100", totalCount: 50 });
    await h.vault.put(appleAccountId(TENANT), other.vppTokenFile());
    h.sim.clearLogs();
    const before = (await h.events()).length;

    // A new client: the harness's caches the token it read for a minute.
    const outcome = right(
      await syncAccount(
        { ...h.deps, client: h.newClient(), cursors },
        { tenantId: TENANT, syncId: "sync-2", trigger: "manual", at: h.clock.now() },
      ),
    );

    expect(outcome).toMatchObject({ status: "failed", failure: { code: "location-changed" } });
    expect(h.sim.requests.filter((r) => r.path === "assets")).toEqual([]);
    expect(typesOf((await h.events()).slice(before))).toEqual(["SyncStarted", "SyncFailed"]);
    expect((await h.ledger.loadLicense(TENANT, "100")).state.purchased).toBe(2);
  });
});
