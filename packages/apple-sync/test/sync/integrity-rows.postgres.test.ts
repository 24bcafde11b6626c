import { createVppLedger, parseStreamId } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { linkAccount, syncAccount, type TokenVault } from "../../src/index.js";
import { secretLeaks } from "../../src/untrusted/leaks.test-support.js";
import { backends } from "./support/backends.js";
import { right, type SyncHarness, startHarness, TENANT } from "./support/harness.js";

/*
 * Issue 7's rows that Apple's side answers (3: linkAccount, 5: adamIds from GET assets, 7: another MDM's
 * mdmInfo, 8: Apple's errorMessage), on PostgreSQL as on the in-memory store (their in-memory tests are in
 * link.test.ts, sync-ids.test.ts and untrusted-text.test.ts): what is stored is what reads back, and the token
 * is in none of it.
 */

const bigints = (_key: string, value: unknown) => (typeof value === "bigint" ? value.toString() : value);

/** Every stored event, data and metadata, as read back. */
const storedText = async (h: SyncHarness): Promise<string> => {
  const all: unknown[] = [];
  for await (const recorded of h.store.readAll()) all.push(recorded);
  return JSON.stringify(all, bigints);
};

const syncOnce = async (h: SyncHarness, syncId: string) =>
  right(await syncAccount(h.deps, { tenantId: TENANT, syncId, trigger: "manual", at: h.deps.now() }));

describe.each(backends)("issue 7's Apple-side rows on $name (R24)", ({ setup }) => {
  const open = setup();

  const harness = async (): Promise<SyncHarness> => {
    const storage = await open();
    const h = await startHarness({ store: storage.store, simulator: { pageSize: 2 } });
    h.loc.addAsset({ adamId: "100", totalCount: 3 });
    return h;
  };

  it("R24 row 3: linkAccount with a blank or 300-character tokenName or a blank appleId stores nothing and puts no token in the vault", async () => {
    const storage = await open();
    const h = await startHarness();
    const ledger = createVppLedger({ store: storage.store, snapshots: storage.snapshots });
    const puts: string[] = [];
    const vault: TokenVault = {
      put: async (id) => void puts.push(id),
      get: async () => undefined,
      delete: async () => undefined,
    };
    const upload = {
      tenantId: TENANT,
      tokenFile: h.loc.vppTokenFile(),
      tokenName: "Main",
      appleId: "it@acme.test",
      acknowledgedSingleAccount: true,
      at: h.deps.now(),
    };
    for (const request of [
      { ...upload, tokenName: " " },
      { ...upload, tokenName: "x".repeat(300) },
      { ...upload, appleId: "" },
    ]) {
      const linked = await linkAccount({ ledger, vault }, request, {
        commandId: `link-${puts.length}`,
        actor: { kind: "admin", id: "a1" },
      });
      expect(E.isLeft(linked) && linked.left.code).toBe("invalid-input");
    }
    expect(puts).toEqual([]);
    const stored: unknown[] = [];
    for await (const recorded of storage.store.readAll()) stored.push(recorded);
    expect(stored).toEqual([]);
  });

  it('R24 row 5: an adamId such as "12:34", 300 digits or " 42" from GET assets creates no pool; every stored stream parses', async () => {
    const h = await harness();
    for (const adamId of ["12:34", "1".repeat(300), " 42"]) h.loc.addAsset({ adamId, totalCount: 4 });
    await h.link();
    const outcome = await syncOnce(h, "sync-1");
    expect(outcome).toMatchObject({ status: "succeeded", report: { apps: 1, rejectedIds: 3 } });
    const streams = new Set<string>();
    for await (const recorded of h.store.readAll()) streams.add(recorded.streamId);
    expect([...streams].every((id) => parseStreamId(id) !== undefined)).toBe(true);
  });

  it("R24 row 7: another MDM's mdmInfo carrying the token lands in no stored event", async () => {
    const h = await harness();
    await h.link();
    h.loc.setMdmInfo({
      id: `mdm-${h.loc.sToken}`,
      name: encodeURIComponent(h.loc.vppTokenFile()),
      metadata: h.loc.sToken.slice(0, 30),
    });
    const outcome = await syncOnce(h, "sync-1");
    expect(outcome).toMatchObject({ status: "failed", failure: { code: "location-claimed" } });
    const text = await storedText(h);
    expect(text).toContain("LocationClaimedByOtherMdm");
    expect(secretLeaks(text, [h.loc.vppTokenFile(), h.loc.sToken])).toEqual([]);
  });

  it("R24 row 8: Apple's errorMessage echoing the token URL-encoded, split by whitespace or as a 30-character prefix lands in no stored event", async () => {
    const h = await harness();
    await h.link();
    const inner = h.loc.sToken;
    const texts = [
      encodeURIComponent(h.loc.vppTokenFile()),
      inner.match(/.{1,8}/g)?.join(" ") ?? inner,
      `starts ${inner.slice(0, 30)}`,
    ];
    for (const [index, errorMessage] of texts.entries()) {
      h.sim.injectFault({ kind: "http-200-error", path: "assets", errorNumber: 9602, errorMessage });
      expect(await syncOnce(h, `sync-${index}`)).toMatchObject({ status: "failed" });
    }
    const text = await storedText(h);
    expect(text).toContain("SyncFailed");
    expect(secretLeaks(text, [h.loc.vppTokenFile(), inner])).toEqual([]);
  });
});
