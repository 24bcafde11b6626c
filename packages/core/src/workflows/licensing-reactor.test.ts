import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import type { LicenseCommand } from "../license/commands.js";
import { InMemoryCheckpointStore } from "../store/checkpoint.js";
import { InMemoryEventStore } from "../store/in-memory/index.js";
import { makeVppToken } from "../testing/tokens.js";
import { createVppLedger } from "./ledger.js";
import { LicensingReactor } from "./licensing-reactor.js";

const at = (h: number) => `2026-11-25T${String(h).padStart(2, "0")}:00:00Z`;
let n = 0;
const ctx = () => ({ commandId: `cmd-${++n}`, actor: { kind: "admin" as const } });
const ok = <A>(either: E.Either<unknown, A>): A => {
  if (E.isLeft(either)) throw new Error(JSON.stringify(either.left));
  return either.right;
};

/** A linked tenant with two device-licensed pools and one user-licensed pool. */
const setUp = async () => {
  const store = new InMemoryEventStore();
  const ledger = createVppLedger({ store });
  const token = makeVppToken();
  const upload = { token, tokenName: "t", appleId: "a@b.c", acknowledgedSingleAccount: true, at: at(1) };
  ok(await ledger.account("acme", { type: "UploadToken", data: upload }, ctx()));
  const pool = async (adamId: string, commands: LicenseCommand[]) => {
    for (const command of commands) ok(await ledger.license("acme", adamId, command, ctx()));
  };
  const sync: LicenseCommand = {
    type: "SyncPurchasedCount",
    data: { purchased: 3, supportedPlatforms: ["iOS"], deviceAssignable: true, at: at(1) },
  };
  const onDevices: LicenseCommand = {
    type: "DeployApp",
    data: { action: "required", licensing: "device", at: at(1) },
  };
  const device = (serialNumber: string): LicenseCommand => ({
    type: "AssignDeviceLicense",
    data: { serialNumber, platform: "iOS", at: at(2) },
  });
  await pool("111", [sync, onDevices, device("C02"), device("D03")]);
  await pool("222", [sync, onDevices, device("C02")]);
  await pool("333", [
    sync,
    { type: "DeployApp", data: { action: "required", at: at(1) } },
    { type: "AssignLicense", data: { userId: "u1", termsAccepted: true, at: at(2) } },
  ]);
  return { store, ledger };
};

describe("LicensingReactor (R21, R22)", () => {
  it("R21: a device the host retires loses every license it holds, across pools, once", async () => {
    const { store, ledger } = await setUp();
    const checkpoints = new InMemoryCheckpointStore();
    const reactor = new LicensingReactor(ledger, store, checkpoints);
    await reactor.run();
    const retire = { serialNumber: "C02", reason: "device-unenrolled" as const, at: at(3) };
    ok(await ledger.account("acme", { type: "RetireDevice", data: retire }, ctx()));
    await reactor.run();
    expect([...(await ledger.loadLicense("acme", "111")).state.devices.keys()]).toEqual(["D03"]);
    expect((await ledger.loadLicense("acme", "222")).state.devices.size).toBe(0);
    // A fresh reactor over the whole log acts again under the same command ids: nothing is recorded twice.
    const before = await store.streamVersion("vpp-license:acme:111");
    await new LicensingReactor(ledger, store, new InMemoryCheckpointStore()).run();
    expect(await store.streamVersion("vpp-license:acme:111")).toBe(before);
  });

  it("R21: a retired user's licenses are reclaimed, so the retirement is no longer drift", async () => {
    const { store, ledger } = await setUp();
    ok(await ledger.account("acme", { type: "InviteUser", data: { userId: "u1", at: at(2) } }, ctx()));
    ok(await ledger.account("acme", { type: "RetireUser", data: { userId: "u1", at: at(3) } }, ctx()));
    await new LicensingReactor(ledger, store, new InMemoryCheckpointStore()).run();
    const pool = await ledger.loadLicense("acme", "333");
    expect(pool.state.holders.size).toBe(0);
  });

  it("R22: revoking the location revokes every pool, each with its own audit event naming the holders", async () => {
    const { store, ledger } = await setUp();
    const reason = "contract with the school ended";
    ok(await ledger.account("acme", { type: "RevokeLocationLicenses", data: { reason, at: at(4) } }, ctx()));
    await new LicensingReactor(ledger, store, new InMemoryCheckpointStore()).run();
    const revoked: unknown[] = [];
    for await (const event of store.readAll()) if (event.type === "LicensesRevoked") revoked.push(event.data);
    expect(revoked).toEqual([
      { scope: "location", reason, userIds: [], serialNumbers: ["C02", "D03"], at: at(4) },
      { scope: "location", reason, userIds: [], serialNumbers: ["C02"], at: at(4) },
      { scope: "location", reason, userIds: ["u1"], serialNumbers: [], at: at(4) },
    ]);
  });
});
