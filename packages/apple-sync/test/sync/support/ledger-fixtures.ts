import type { CommandFailure, LicenseCommand, VppAccountCommand } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { type SyncHarness, TENANT } from "./harness.js";

let sequence = 0;
const admin = () => ({
  commandId: `fixture-${++sequence}`,
  actor: { kind: "admin" as const, id: "admin-1" },
});

const ok = <A>(either: E.Either<CommandFailure, A>): A => {
  if (E.isLeft(either)) throw new Error(`fixture command refused: ${either.left.message}`);
  return either.right;
};

/** Sends an account command as an admin would, failing the test if it is refused. */
export const accountCommand = async (h: SyncHarness, command: VppAccountCommand) =>
  ok(await h.ledger.account(TENANT, command, admin()));

/** Sends a license command as an admin would, failing the test if it is refused. */
export const licenseCommand = async (h: SyncHarness, adamId: string, command: LicenseCommand) =>
  ok(await h.ledger.license(TENANT, adamId, command, admin()));

/** The ledger invites a user (R15): the user becomes "ours". */
export const inviteInLedger = (h: SyncHarness, userId: string) =>
  accountCommand(h, { type: "InviteUser", data: { userId, at: h.clock.now() } });

/** The ledger records the user's acceptance directly (what a sync would do). */
export const acceptInLedger = (h: SyncHarness, userId: string) =>
  accountCommand(h, { type: "AcceptTerms", data: { userId, at: h.clock.now() } });

/** A pool with `purchased` licenses, deployed as required. */
export const poolInLedger = async (h: SyncHarness, adamId: string, purchased: number) => {
  await licenseCommand(h, adamId, { type: "SyncPurchasedCount", data: { purchased, at: h.clock.now() } });
  await licenseCommand(h, adamId, { type: "DeployApp", data: { action: "required", at: h.clock.now() } });
};

/** The ledger assigns a license to a user who accepted the terms. */
export const assignInLedger = (h: SyncHarness, adamId: string, userId: string) =>
  licenseCommand(h, adamId, {
    type: "AssignLicense",
    data: { userId, termsAccepted: true, at: h.clock.now() },
  });

/** The ledger reclaims a user's license after the device reported the app uninstalled (R14). */
export const reclaimInLedger = (h: SyncHarness, adamId: string, userId: string) =>
  licenseCommand(h, adamId, {
    type: "ReclaimLicense",
    data: { userId, reason: "app-uninstalled", at: h.clock.now() },
  });
