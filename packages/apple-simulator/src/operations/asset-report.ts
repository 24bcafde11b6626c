/** What the async asset operations report: assignments on the wire, errorInfo, ASSET_MANAGEMENT notifications. */
import type { ErrorResponse } from "../errors.js";
import type { AssetRecord } from "../model/assets.js";
import type { AssignmentTarget } from "../model/assignments.js";
import type { Location } from "../model/location.js";
import type { AssetManagementNotification } from "../notifications/types.js";
import { chunk } from "../notifications/types.js";
import type { ResponseAssignment } from "../wire.js";

/** The `type` of an ASSET_MANAGEMENT notification. */
export type ManageType = AssetManagementNotification["type"];

/** One target's license of an asset, as Apple lists it. */
export const wireTarget = (asset: AssetRecord, target: AssignmentTarget): ResponseAssignment =>
  target.kind === "user"
    ? { adamId: asset.adamId, clientUserId: target.clientUserId, pricingParam: asset.pricingParam }
    : { adamId: asset.adamId, pricingParam: asset.pricingParam, serialNumber: target.serialNumber };

/** The `clientUserIds` / `serialNumbers` part of an errorInfo. */
export const targetInfo = (targets: readonly AssignmentTarget[]) => {
  const clientUserIds = targets.flatMap((t) => (t.kind === "user" ? [t.clientUserId] : []));
  const serialNumbers = targets.flatMap((t) => (t.kind === "device" ? [t.serialNumber] : []));
  return {
    ...(clientUserIds.length > 0 ? { clientUserIds } : {}),
    ...(serialNumbers.length > 0 ? { serialNumbers } : {}),
  };
};

/** errorInfo naming the asset and the targets that failed. */
export const errorInfoFor = (asset: AssetRecord, targets: readonly AssignmentTarget[]) => ({
  assets: [{ adamId: asset.adamId, pricingParam: asset.pricingParam }],
  ...targetInfo(targets),
});

/** Sends the notifications of one outcome, at most 100 assignments each. */
export const report = (
  location: Location,
  eventId: string,
  type: ManageType,
  assignments: readonly ResponseAssignment[],
  error?: ErrorResponse,
): void => {
  // An operation always yields at least one notification, even when it touched nothing.
  const parts = assignments.length === 0 ? [[]] : chunk(assignments);
  for (const part of parts) {
    const notification: AssetManagementNotification =
      error === undefined
        ? { assignments: part, eventId, result: "SUCCESS", type }
        : { assignments: part, error, eventId, result: "FAILURE", type };
    location.notify(location, { type: "ASSET_MANAGEMENT", notification });
  }
};
