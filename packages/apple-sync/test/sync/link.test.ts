import { createVppLedger, InMemoryEventStore } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { appleAccountId, InMemoryTokenVault, linkAccount, type TokenVault } from "../../src/index.js";
import { startHarness, TENANT } from "./support/harness.js";

const upload = (tokenFile: string, at = "2026-06-01T09:00:00Z", acknowledgedSingleAccount = true) => ({
  tenantId: TENANT,
  tokenFile,
  tokenName: "ACME token",
  appleId: "admin@acme.example",
  acknowledgedSingleAccount,
  at,
});
const admin = { commandId: "upload-1", actor: { kind: "admin" as const, id: "admin-1" } };

describe("linkAccount", () => {
  it("R1, R2: stores the whole token file (the bearer) in the vault, and only its fingerprint in the ledger", async () => {
    const h = await startHarness();
    const tokenFile = h.loc.vppTokenFile();

    await h.link();

    expect(await h.vault.get(appleAccountId(TENANT))).toBe(tokenFile);
    const stored: string[] = [];
    for await (const event of h.store.readAll())
      stored.push(JSON.stringify({ data: event.data, metadata: event.metadata }));
    const inner = JSON.parse(Buffer.from(tokenFile, "base64").toString()).token as string;
    for (const secret of [tokenFile, inner]) expect(stored.join("\n")).not.toContain(secret);
    expect((await h.ledger.loadAccount(TENANT)).state.link?.fingerprint).toMatch(/^sha256:/);
  });

  it("the vault holds the bearer form: line breaks of a downloaded file are removed", async () => {
    const h = await startHarness();
    const tokenFile = h.loc.vppTokenFile();
    const wrapped = `${tokenFile.slice(0, 40)}\n${tokenFile.slice(40)}\n`;

    const linked = await linkAccount({ ledger: h.ledger, vault: h.vault }, upload(wrapped), admin);

    expect(E.isRight(linked)).toBe(true);
    expect(await h.vault.get(appleAccountId(TENANT))).toBe(tokenFile);
  });

  it("R3, R5: a refused upload stores nothing in the vault", async () => {
    const h = await startHarness();
    const ledger = createVppLedger({ store: new InMemoryEventStore() });
    const vault = new InMemoryTokenVault();

    const unacknowledged = await linkAccount(
      { ledger, vault },
      upload(h.loc.vppTokenFile(), undefined, false),
      admin,
    );
    const expired = await linkAccount(
      { ledger, vault },
      upload(h.loc.vppTokenFile(), "2028-01-01T00:00:00Z"),
      admin,
    );

    expect(E.isLeft(unacknowledged) && unacknowledged.left.code).toBe("acknowledgement-required");
    expect(E.isLeft(expired) && expired.left.code).toBe("token-expired");
    expect(await vault.get(appleAccountId(TENANT))).toBeUndefined();
  });

  it("R24: a blank or 300-character tokenName, a blank appleId or a bad tenant id is invalid-input; nothing is stored", async () => {
    const h = await startHarness();
    const tokenFile = h.loc.vppTokenFile();
    const store = new InMemoryEventStore();
    const ledger = createVppLedger({ store });
    const puts: string[] = [];
    const vault: TokenVault = {
      put: async (accountId) => void puts.push(accountId),
      get: async () => undefined,
      delete: async () => undefined,
    };
    const requests: ReadonlyArray<readonly [string, unknown]> = [
      ["data.tokenName", { ...upload(tokenFile), tokenName: "" }],
      ["data.tokenName", { ...upload(tokenFile), tokenName: "  \t " }],
      ["data.tokenName", { ...upload(tokenFile), tokenName: "x".repeat(300) }],
      ["data.appleId", { ...upload(tokenFile), appleId: "" }],
      ["data.appleId", { ...upload(tokenFile), appleId: "   " }],
      ["data.token", { ...upload(tokenFile), tokenFile: 42 }],
      ["tenantId", { ...upload(tokenFile), tenantId: "ac:me" }],
      ["tenantId", { ...upload(tokenFile), tenantId: " acme" }],
      ["(root)", undefined],
    ];

    for (const [path, request] of requests) {
      const linked = await linkAccount({ ledger, vault }, request as never, admin);
      expect(E.isLeft(linked) && linked.left).toMatchObject({ code: "invalid-input", details: { path } });
      expect(E.isLeft(linked) && linked.left.message).not.toContain(tokenFile);
    }

    expect(puts).toEqual([]);
    const stored: unknown[] = [];
    for await (const event of store.readAll()) stored.push(event);
    expect(stored).toEqual([]);
    const account = await ledger.loadAccount(TENANT);
    expect([account.version, account.state.link]).toEqual([0n, null]);
    const linked = await linkAccount({ ledger, vault }, upload(tokenFile), admin);
    expect(E.isRight(linked)).toBe(true);
    expect(puts).toEqual([appleAccountId(TENANT)]);
  });

  it("a vault failure is a typed, retryable error without the token; uploading again completes the link", async () => {
    const h = await startHarness();
    const tokenFile = h.loc.vppTokenFile();
    let failing = true;
    const flaky: TokenVault = {
      put: async (accountId, token) => {
        if (failing) throw new Error(`disk full while writing ${accountId}`);
        await h.vault.put(accountId, token);
      },
      get: (accountId) => h.vault.get(accountId),
      delete: (accountId) => h.vault.delete(accountId),
    };

    const first = await linkAccount({ ledger: h.ledger, vault: flaky }, upload(tokenFile), admin);
    failing = false;
    const second = await linkAccount({ ledger: h.ledger, vault: flaky }, upload(tokenFile), {
      ...admin,
      commandId: "upload-2",
    });

    expect(E.isLeft(first) && first.left).toMatchObject({ code: "token-not-stored", retryable: true });
    expect(E.isLeft(first) && first.left.message).not.toContain(tokenFile);
    expect(E.isRight(second)).toBe(true);
    expect(await h.vault.get(appleAccountId(TENANT))).toBe(tokenFile);
    const types: string[] = [];
    for await (const event of h.store.readAll()) types.push(event.type);
    expect(types).toEqual(["TokenUploaded"]);
  });
});
