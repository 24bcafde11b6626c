/**
 * The world of bench/sync-import.ts: a host migrating from another MDM. One Apple location whose device-
 * assignable app already has `devices` licenses assigned to serial numbers (by the previous MDM), a ledger
 * account linked to it with the app's pool deployed to devices, and the host registering each of those devices
 * (`RegisterDevice`, one command per device as enrolment would send them). The first sync then imports every
 * assignment (`ImportDeviceLicense`). Helper module (no `run`): run.ts skips files starting with `_`.
 */
import type { AppleSimulator } from "@vpp-ledger/apple-simulator";
import {
  appleAccountId,
  createAppleClient,
  InMemoryTokenVault,
  linkAccount,
  type SyncOutcome,
  syncAccount,
} from "@vpp-ledger/apple-sync";
import type { CallContext, VppLedger } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";

/** The device-licensed app every device holds at Apple. */
export const APP = "700000";
const MDM = { id: "vpp-ledger-bench", name: "vpp-ledger bench", metadata: "bench" };
const at = () => new Date().toISOString();
const context = (id: string): CallContext => ({ commandId: id, actor: { kind: "admin", id: "bench" } });

const ok = <A>(either: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(either)) throw new Error(either.left.message);
  return either.right;
};

/** A serial number of the migrating host's fleet. */
export const serialNumber = (i: number): string => `C02MIG${String(i).padStart(6, "0")}`;

/** A linked tenant whose registered devices Apple lists as holding {@link APP}; `registerMs` is that step's time. */
export interface ImportWorld {
  readonly registerMs: number;
  /** Runs one manual sync of the tenant and returns it, failing loudly if it did not succeed. */
  sync(syncId: string): Promise<Extract<SyncOutcome, { status: "succeeded" }>>;
}

/** Builds the world for `tenantId` (its own location on `sim`) in `ledger`. */
export const buildImportWorld = async (
  sim: AppleSimulator,
  ledger: VppLedger,
  tenantId: string,
  devices: number,
): Promise<ImportWorld> => {
  const loc = sim.addLocation({ orgName: tenantId, expiresAt: "2027-11-25T10:00:00Z" });
  loc.addAsset({ adamId: APP, totalCount: devices, deviceAssignable: true, supportedPlatforms: ["iOS"] });
  for (let i = 0; i < devices; i++) loc.addForeignAssignment({ adamId: APP, serialNumber: serialNumber(i) });
  const vault = new InMemoryTokenVault();
  const link = { tenantId, tokenFile: loc.vppTokenFile(), tokenName: "t", appleId: "admin@example.com" };
  ok(
    await linkAccount(
      { ledger, vault },
      { ...link, acknowledgedSingleAccount: true, at: at() },
      context(`${tenantId}-link`),
    ),
  );
  // The pool as a sync would have left it (so the import sync changes nothing else), deployed to devices.
  const purchased = {
    purchased: devices,
    pricingParam: "STDQ" as const,
    supportedPlatforms: ["iOS" as const],
    deviceAssignable: true,
    at: at(),
  };
  ok(
    await ledger.license(
      tenantId,
      APP,
      { type: "SyncPurchasedCount", data: purchased },
      context(`${tenantId}-count`),
    ),
  );
  const deploy = { action: "required" as const, licensing: "device" as const, at: at() };
  ok(await ledger.license(tenantId, APP, { type: "DeployApp", data: deploy }, context(`${tenantId}-deploy`)));
  const started = performance.now();
  for (let i = 0; i < devices; i++) {
    const data = { serialNumber: serialNumber(i), at: at() };
    ok(await ledger.account(tenantId, { type: "RegisterDevice", data }, context(`${tenantId}-reg-${i}`)));
  }
  const registerMs = performance.now() - started;
  const client = createAppleClient({
    vault,
    accountId: appleAccountId(tenantId),
    baseUrl: sim.baseUrl,
    mdmInfo: MDM,
  });
  const deps = { ledger, client, now: at };
  return {
    registerMs,
    sync: async (syncId) => {
      const outcome = ok(await syncAccount(deps, { tenantId, syncId, trigger: "manual", at: at() }));
      if (outcome.status !== "succeeded")
        throw new Error(`sync ${syncId} failed: ${outcome.failure.message}`);
      return outcome;
    },
  };
};
