import type { AppleSimulatorOptions } from "@vpp-ledger/apple-simulator";
import type { LicenseCommand } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { simulator, usersNamed, World } from "./world.js";

/** The time of every fixture command. */
export const AT = "2026-06-01T09:00:00.000Z";
let sequence = 0;

/** Runs a License command of tenant acme as an admin; a refusal fails the test. */
export const command = async (world: World, adamId: string, cmd: LicenseCommand): Promise<void> => {
  const result = await world.ledger.license("acme", adamId, cmd, {
    commandId: `revoke-${++sequence}`,
    actor: { kind: "admin", id: "a" },
  });
  if (E.isLeft(result)) throw new Error(result.left.message);
};

/** The users holding app 100 (the first three hold app 200 too). */
export const USERS = usersNamed("u", 5);
/** The devices holding app 300. */
export const SERIALS = ["SER-1", "SER-2", "SER-3"];

/**
 * Apps 100 (u-1..u-5) and 200 (u-1..u-3) licensed to users, app 300 to three devices: assigned in the ledger
 * and held at Apple (revoke limits 2 users, 2 devices), the delivery's checkpoint after it all.
 */
export const licensedWorld = async (options: AppleSimulatorOptions = {}) => {
  const sim = await simulator({
    ...options,
    limits: { maxRevokeClientUserIds: 2, maxRevokeSerialNumbers: 2 },
  });
  const world = new World();
  const loc = await world.tenant("acme", sim, { "100": 10, "200": 10 });
  loc.addAsset({ adamId: "300", totalCount: 5, deviceAssignable: true, supportedPlatforms: ["iOS"] });
  const meta = { purchased: 5, deviceAssignable: true, supportedPlatforms: ["iOS" as const], at: AT };
  await command(world, "300", { type: "SyncPurchasedCount", data: meta });
  await command(world, "300", {
    type: "DeployApp",
    data: { action: "required", licensing: "device", at: AT },
  });
  await world.users("acme", USERS);
  await world.startAtHead();
  await world.assign("acme", "100", USERS);
  await world.assign("acme", "200", USERS.slice(0, 3));
  for (const serialNumber of SERIALS)
    await command(world, "300", {
      type: "AssignDeviceLicense",
      data: { serialNumber, platform: "iOS", at: AT },
    });
  // Apple holds what the ledger assigned (as a delivery before this one made it hold).
  for (const clientUserId of USERS) loc.addForeignAssignment({ adamId: "100", clientUserId });
  for (const clientUserId of USERS.slice(0, 3)) loc.addForeignAssignment({ adamId: "200", clientUserId });
  for (const serialNumber of SERIALS) loc.addForeignAssignment({ adamId: "300", serialNumber });
  await world.startAtHead();
  world.submittedBodies.clear();
  return { sim, world, loc };
};

/** What an admin's location-wide revocation records: one event per pool (core's LicensingReactor does this). */
export const revokeLocation = async (
  world: World,
  adamIds: ReadonlyArray<string> = ["100", "200", "300"],
) => {
  for (const adamId of adamIds)
    await command(world, adamId, {
      type: "RevokeAllLicenses",
      data: { scope: "location", reason: "school leaves the program", at: AT },
    });
};

/** The body of a POST assets/revoke. */
export interface RevokeBody {
  readonly clientUserIds?: string[];
  readonly serialNumbers?: string[];
}

/** The bodies of the revoke requests acme's client sent, in order. */
export const revokeBodies = (world: World): RevokeBody[] =>
  (world.submittedBodies.get("acme") ?? [])
    .filter((request) => request.path === "assets/revoke")
    .map((request) => request.body as RevokeBody);
