import { randomBytes } from "node:crypto";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { InMemoryByteStore } from "./byte-store.js";
import { EncryptedTokenVault } from "./encrypted-vault.js";
import { isVaultError } from "./errors.js";
import { tokenFingerprint } from "./fingerprint.js";
import { InMemoryTokenVault } from "./memory-vault.js";

const S_TOKEN = Buffer.from(
  JSON.stringify({ token: "c2VjcmV0LXRva2VuLXZhbHVl", expDate: "2030-11-08T22:33:22+0000", orgName: "ORG1" }),
).toString("base64");
const keyA = { id: "key-2026-01", key: randomBytes(32) };
const keyB = { id: "key-2026-07", key: randomBytes(32) };

const setup = () => {
  const store = new InMemoryByteStore();
  return { store, vault: new EncryptedTokenVault({ store, currentKey: keyA }) };
};

describe("EncryptedTokenVault", () => {
  it("round-trips a token and stores only ciphertext", async () => {
    const { store, vault } = setup();
    await vault.put("acct-1", S_TOKEN);
    expect(await vault.get("acct-1")).toBe(S_TOKEN);
    const stored = Buffer.from((await store.get("vpp-stoken/acct-1"))!);
    expect(stored.includes(Buffer.from(S_TOKEN))).toBe(false);
    expect(stored.includes(Buffer.from("c2VjcmV0LXRva2VuLXZhbHVl"))).toBe(false);
    expect(stored.includes(Buffer.from(keyA.id))).toBe(true);
  });

  it("uses a fresh IV per write: the same token never seals to the same bytes", async () => {
    const { store, vault } = setup();
    await vault.put("acct-1", S_TOKEN);
    const first = await store.get("vpp-stoken/acct-1");
    await vault.put("acct-1", S_TOKEN);
    const second = await store.get("vpp-stoken/acct-1");
    expect(Buffer.from(first!).equals(Buffer.from(second!))).toBe(false);
  });

  it("detects a tampered record", async () => {
    const { store, vault } = setup();
    await vault.put("acct-1", S_TOKEN);
    const record = (await store.get("vpp-stoken/acct-1"))!;
    record[record.length - 1] = (record[record.length - 1] ?? 0) ^ 0x01;
    await store.put("vpp-stoken/acct-1", record);
    await expect(vault.get("acct-1")).rejects.toSatisfy((error) =>
      isVaultError(error, "vault-decrypt-failed"),
    );
  });

  it("refuses a record copied to another account (the account id is authenticated)", async () => {
    const { store, vault } = setup();
    await vault.put("acct-1", S_TOKEN);
    await store.put("vpp-stoken/acct-2", (await store.get("vpp-stoken/acct-1"))!);
    await expect(vault.get("acct-2")).rejects.toSatisfy((error) =>
      isVaultError(error, "vault-decrypt-failed"),
    );
  });

  it("fails with vault-decrypt-failed when the key under the record's id is the wrong one", async () => {
    const { store, vault } = setup();
    await vault.put("acct-1", S_TOKEN);
    const wrong = new EncryptedTokenVault({ store, currentKey: { id: keyA.id, key: randomBytes(32) } });
    const error = await wrong.get("acct-1").catch((caught: unknown) => caught);
    expect(isVaultError(error, "vault-decrypt-failed")).toBe(true);
    expect((error as Error).message).toContain(keyA.id);
  });

  it("names a record's key id when that key is not configured", async () => {
    const { store, vault } = setup();
    await vault.put("acct-1", S_TOKEN);
    const rotated = new EncryptedTokenVault({ store, currentKey: keyB });
    const error = await rotated.get("acct-1").catch((caught: unknown) => caught);
    expect(isVaultError(error, "vault-unknown-key")).toBe(true);
    expect((error as Error).message).toContain(`"${keyA.id}"`);
  });

  it("rotates keys: reads with a previous key, rewraps under the current one", async () => {
    const { store, vault } = setup();
    await vault.put("acct-1", S_TOKEN);
    const rotating = new EncryptedTokenVault({ store, currentKey: keyB, previousKeys: [keyA] });
    expect(await rotating.get("acct-1")).toBe(S_TOKEN);
    expect(await rotating.rewrap("acct-1")).toBe(true);
    expect(await rotating.rewrap("acct-1")).toBe(false);
    const onlyNew = new EncryptedTokenVault({ store, currentKey: keyB });
    expect(await onlyNew.get("acct-1")).toBe(S_TOKEN);
  });

  it("rejects keys that are not 32 bytes and duplicate key ids", () => {
    const store = new InMemoryByteStore();
    expect(
      () => new EncryptedTokenVault({ store, currentKey: { id: "short", key: randomBytes(16) } }),
    ).toThrow(/32 random bytes/);
    expect(() => new EncryptedTokenVault({ store, currentKey: keyA, previousKeys: [keyA] })).toThrow(/twice/);
  });

  it("reports a record it cannot parse as corrupt", async () => {
    const { store, vault } = setup();
    await store.put("vpp-stoken/acct-1", Uint8Array.from([9, 9, 9]));
    await expect(vault.get("acct-1")).rejects.toSatisfy((error) =>
      isVaultError(error, "vault-record-corrupt"),
    );
  });

  it("returns undefined for a missing account and deletes idempotently", async () => {
    const { vault } = setup();
    expect(await vault.get("nobody")).toBeUndefined();
    await vault.put("acct-1", S_TOKEN);
    await vault.delete("acct-1");
    await vault.delete("acct-1");
    expect(await vault.get("acct-1")).toBeUndefined();
  });

  it("keeps key material and tokens out of inspect output", async () => {
    const { vault } = setup();
    const memory = new InMemoryTokenVault();
    await memory.put("acct-1", S_TOKEN);
    expect(inspect(vault)).not.toContain(Buffer.from(keyA.key).toString("hex"));
    expect(inspect(memory)).not.toContain(S_TOKEN);
    expect(JSON.stringify(memory)).not.toContain(S_TOKEN);
  });
});

describe("tokenFingerprint", () => {
  it("is sha256: plus the hex digest, stable and distinct per token", () => {
    expect(tokenFingerprint(S_TOKEN)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(tokenFingerprint(S_TOKEN)).toBe(tokenFingerprint(S_TOKEN));
    expect(tokenFingerprint(S_TOKEN)).not.toBe(tokenFingerprint(`${S_TOKEN}x`));
    expect(tokenFingerprint("abc")).toBe(
      "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });
});
