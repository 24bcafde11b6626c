import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AppleSimulator, startAppleSimulator } from "@vpp-ledger/apple-simulator";
import { EncryptedTokenVault, linkAccount } from "@vpp-ledger/apple-sync";
import { createVppLedger } from "@vpp-ledger/core";
import { createPgliteEventStore } from "@vpp-ledger/eventstore-postgres";
import * as E from "fp-ts/lib/Either.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FileByteStore } from "../src/vault/file-byte-store.js";
import { runCli, STACK_LINE } from "./support/run-cli.js";

const SLOW = 90_000;

describe("vpp-ledger sync (the real binary against the Apple simulator over HTTP)", () => {
  let root: string;
  let dir: string;
  let vaultDir: string;
  let sim: AppleSimulator;
  const key = randomBytes(32).toString("base64");
  let tokenFile: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "vpp-cli-sync-"));
    dir = join(root, "ledger");
    vaultDir = join(root, "vault");
    sim = await startAppleSimulator({ maxRequestPerSecond: 10_000 });
    const loc = sim.addLocation({ orgName: "ACME School", expiresAt: "2099-11-25T10:00:00Z" });
    loc.addAsset({ adamId: "361309726", totalCount: 25 });
    tokenFile = loc.vppTokenFile();
    const storage = await createPgliteEventStore({ dataDir: dir });
    const vault = new EncryptedTokenVault({
      store: new FileByteStore(vaultDir),
      currentKey: { id: "key-1", key: Buffer.from(key, "base64") },
    });
    const linked = await linkAccount(
      { ledger: createVppLedger({ store: storage.store, snapshots: storage.snapshots }), vault },
      {
        tenantId: "acme",
        tokenFile,
        tokenName: "ACME token",
        appleId: "admin@acme.example",
        acknowledgedSingleAccount: true,
        at: new Date().toISOString(),
      },
      { commandId: "link-1", actor: { kind: "admin", id: "admin-1" } },
    );
    await storage.close();
    if (E.isLeft(linked)) throw new Error(`link failed: ${linked.left.message}`);
  }, 120_000);

  afterAll(async () => {
    await sim.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("R7: syncs an account whose token is in the vault, the key from the environment, and records it (R18)", {
    timeout: SLOW * 2,
  }, async () => {
    const args = [
      "sync",
      "--store",
      dir,
      "--tenant",
      "acme",
      "--vault",
      vaultDir,
      "--apple-url",
      sim.baseUrl,
    ];
    const run = await runCli([...args, "--mdm-id", "host-mdm-1"], {
      VPP_LEDGER_VAULT_KEY: key,
      VPP_LEDGER_MDM_NAME: "Example MDM",
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/succeeded/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^sync cli-[0-9a-f-]+ succeeded: 1 apps, 0 users, 0 assignments, \d+ changes/);
    const pool = await runCli(["streams", "inspect", "vpp-license:acme:361309726", "--store", dir]);
    expect(pool.stdout).toMatch(/^v1 @\d+ \S+ PurchasedCountSynced by apple-sync:cli-\S+ .*"purchased":25/);
    const account = await runCli(["streams", "inspect", "vpp-account:acme", "--store", dir]);
    expect(account.stdout).toMatch(/SyncStarted by admin:vpp-ledger-cli .*"trigger":"manual"/);
    expect(account.stdout).toMatch(/SyncSucceeded by apple-sync:cli-/);
    for (const output of [run.stdout, pool.stdout, account.stdout, key])
      expect(output.includes(tokenFile)).toBe(false);
  });

  it("refuses to start without the vault key, without a token for the tenant, or without the MDM identity, exit 2", {
    timeout: SLOW,
  }, async () => {
    const base = [
      "sync",
      "--store",
      dir,
      "--vault",
      vaultDir,
      "--apple-url",
      sim.baseUrl,
      "--mdm-id",
      "m",
      "--mdm-name",
      "M",
    ];
    const noKey = await runCli([...base, "--tenant", "acme"]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/the vault key is missing: set VPP_LEDGER_VAULT_KEY/);
    const noToken = await runCli([...base, "--tenant", "globex"], { VPP_LEDGER_VAULT_KEY: key });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toMatch(/the vault holds no token for tenant globex: link the account first/);
    const noMdm = await runCli(["sync", "--store", dir, "--vault", vaultDir, "--tenant", "acme"], {
      VPP_LEDGER_VAULT_KEY: key,
    });
    expect(noMdm.code).toBe(2);
    expect(noMdm.stderr).toMatch(/needs this server's MDM identity/);
    for (const run of [noKey, noToken, noMdm]) expect(run.stderr).not.toMatch(STACK_LINE);
  });
});
