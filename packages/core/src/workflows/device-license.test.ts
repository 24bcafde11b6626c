import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { InMemoryEventStore } from "../store/in-memory/index.js";
import { makeVppToken } from "../testing/tokens.js";
import { licenseDevice } from "./device-license.js";
import { requestInstall } from "./install.js";
import { createVppLedger } from "./ledger.js";

const at = (day: number) => `2026-11-${String(day).padStart(2, "0")}T09:00:00Z`;
let n = 0;
const ctx = () => ({ commandId: `cmd-${++n}`, actor: { kind: "device" as const } });
const ok = <A>(either: E.Either<unknown, A>): A => {
  if (E.isLeft(either)) throw new Error(JSON.stringify(either.left));
  return either.right;
};

const setUp = async (expDate = "2027-11-25T10:00:00+0000") => {
  const ledger = createVppLedger({ store: new InMemoryEventStore() });
  const upload = {
    token: makeVppToken({ expDate }),
    tokenName: "t",
    appleId: "a@b.c",
    acknowledgedSingleAccount: true,
    at: at(1),
  };
  ok(await ledger.account("acme", { type: "UploadToken", data: upload }, ctx()));
  const sync = { purchased: 1, supportedPlatforms: ["iOS" as const], deviceAssignable: true, at: at(1) };
  ok(await ledger.license("acme", "111", { type: "SyncPurchasedCount", data: sync }, ctx()));
  ok(
    await ledger.license(
      "acme",
      "111",
      { type: "DeployApp", data: { action: "required", licensing: "device", at: at(1) } },
      ctx(),
    ),
  );
  return ledger;
};
const request = (serialNumber: string, day = 2) => ({
  tenantId: "acme",
  adamId: "111",
  serialNumber,
  platform: "iOS" as const,
  at: at(day),
});

describe("licenseDevice (R20, R21)", () => {
  it("R20: licenses a device without an invitation; a retry consumes nothing; the next device finds none left", async () => {
    const ledger = await setUp();
    expect(ok(await licenseDevice(ledger, request("C02"), ctx()))).toEqual({ status: "assigned" });
    expect((await ledger.loadAccount("acme")).state.devices.get("C02")).toBe("registered");
    expect(ok(await licenseDevice(ledger, request("C02"), ctx()))).toEqual({ status: "already-assigned" });
    expect(ok(await licenseDevice(ledger, request("D03"), ctx()))).toMatchObject({
      status: "refused",
      reason: { code: "no-license-available" },
    });
  });

  it("R5: an expired token refuses device licenses like user licenses", async () => {
    const ledger = await setUp("2026-11-10T00:00:00+0000");
    expect(ok(await licenseDevice(ledger, request("C02", 12), ctx()))).toMatchObject({
      status: "refused",
      reason: { code: "token-expired" },
    });
    expect((await ledger.loadLicense("acme", "111")).state.devices.size).toBe(0);
  });

  it("R21: with the device's user, the user's license moves to the device", async () => {
    const ledger = await setUp();
    ok(
      await ledger.license(
        "acme",
        "111",
        { type: "DeployApp", data: { action: "required", licensing: "user", at: at(2) } },
        ctx(),
      ),
    );
    ok(
      await ledger.license(
        "acme",
        "111",
        { type: "AssignLicense", data: { userId: "u1", termsAccepted: true, at: at(2) } },
        ctx(),
      ),
    );
    ok(
      await ledger.license(
        "acme",
        "111",
        { type: "DeployApp", data: { action: "required", licensing: "device", at: at(3) } },
        ctx(),
      ),
    );
    expect(ok(await licenseDevice(ledger, { ...request("C02", 3), fromUserId: "u1" }, ctx()))).toEqual({
      status: "assigned",
    });
    const { state } = await ledger.loadLicense("acme", "111");
    expect([state.holders.size, [...state.devices.keys()]]).toEqual([0, ["C02"]]);
  });

  it("R20: a user's install request on a device-licensed app invites nobody and says why", async () => {
    const ledger = await setUp();
    const outcome = await requestInstall(
      ledger,
      { tenantId: "acme", adamId: "111", userId: "u9", at: at(2) },
      ctx(),
    );
    expect(outcome).toMatchObject({ _tag: "Left", left: { code: "licensing-mode-mismatch" } });
    expect((await ledger.loadAccount("acme")).state.users.has("u9")).toBe(false);
  });

  it("R24: a serial number or platform outside the grammar is refused before anything is read", async () => {
    const ledger = await setUp();
    const bad = await licenseDevice(ledger, { ...request("C02"), serialNumber: "bad:serial" }, ctx());
    expect(bad).toMatchObject({
      _tag: "Left",
      left: { code: "invalid-input", details: { path: "serialNumber" } },
    });
    const platform = await licenseDevice(ledger, { ...request("C02"), platform: "Android" as never }, ctx());
    expect(platform).toMatchObject({
      _tag: "Left",
      left: { code: "invalid-input", details: { path: "platform" } },
    });
  });
});
