/**
 * License bookkeeping across the three collections of a location. Every change to assignments also moves the
 * asset counts, so it writes the assets collection too (its versionId changes with the counts).
 */
import { type AssetCounts, type ResponseAsset, toResponseAsset } from "../wire.js";
import type { AssetRecord, AssetRef } from "./assets.js";
import type { AssignmentRecord, AssignmentTarget, HeldLicense } from "./assignments.js";
import type { Location } from "./location.js";
import { isActive, type UserRecord } from "./users.js";

/** The user row behind a user assignment, if it is one. */
export const holderOf = (location: Location, record: AssignmentRecord): UserRecord | undefined =>
  record.target.kind === "user" ? location.users.byRowId(record.target.userRowId) : undefined;

/** Whether an assignment belongs to a retired user (a license Apple counts as retired). */
export const isRetiredAssignment = (location: Location, record: AssignmentRecord): boolean => {
  const holder = holderOf(location, record);
  return holder !== undefined && !isActive(holder);
};

/** Assigned and retired license counts of one asset. */
export const assetCounts = (location: Location, asset: AssetRef): AssetCounts => {
  let assignedCount = 0;
  let retiredCount = 0;
  for (const record of location.assignments.ofAsset(asset)) {
    if (isRetiredAssignment(location, record)) retiredCount += 1;
    else assignedCount += 1;
  }
  return { assignedCount, retiredCount };
};

/** The asset with its counts, as `GET assets` shows it. */
export const responseAsset = (location: Location, asset: AssetRecord): ResponseAsset =>
  toResponseAsset(asset, assetCounts(location, asset));

/** Licenses still free for new assignments. */
export const availableCount = (location: Location, asset: AssetRecord): number =>
  responseAsset(location, asset).availableCount;

/** The target for a user row. */
export const userTarget = (user: UserRecord): AssignmentTarget => ({
  kind: "user",
  clientUserId: user.clientUserId,
  userRowId: user.rowId,
});

/** The target for a device. */
export const deviceTarget = (serialNumber: string): AssignmentTarget => ({ kind: "device", serialNumber });

/** Assigns an asset to targets (already-assigned targets are a no-op). The caller checked availability. */
export const assign = (
  location: Location,
  asset: AssetRecord,
  targets: readonly AssignmentTarget[],
): void => {
  const fresh = targets.filter((target) => !location.assignments.has(asset, target));
  if (fresh.length === 0) return;
  location.assignments.addAll(asset, fresh);
  location.assets.collection.write();
};

/** Removes assignments and returns the ones that existed. */
export const unassign = (location: Location, held: readonly HeldLicense[]): AssignmentRecord[] => {
  const removed = location.assignments.removeAll(held);
  if (removed.length > 0) location.assets.collection.write();
  return removed;
};

/** Whether the asset's license can be taken back (books and some apps cannot). */
export const isRevocable = (location: Location, asset: AssetRef): boolean =>
  location.assets.get(asset.adamId, asset.pricingParam)?.revocable ?? false;
