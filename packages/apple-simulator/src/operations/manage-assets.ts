/**
 * The async part of associate, disassociate and revoke: runs when the operation completes, against the state of
 * that moment, and reports one ASSET_MANAGEMENT notification per asset and outcome (chunks of 100).
 */
import { type ErrorResponse, errorResponse } from "../errors.js";
import type { AssetRecord } from "../model/assets.js";
import type { AssignmentRecord, AssignmentTarget } from "../model/assignments.js";
import {
  assign,
  availableCount,
  deviceTarget,
  isRevocable,
  unassign,
  userTarget,
} from "../model/licensing.js";
import type { Location } from "../model/location.js";
import type { OperationOutcome } from "../model/operations.js";
import { type FailureDraw, NO_FAILURES, splitByFailure } from "../realism/async-failures.js";
import type { InjectedAsyncFailure } from "../realism/options.js";
import { toResponseAssignment } from "../wire.js";
import { errorInfoFor, type ManageType, report, targetInfo, wireTarget } from "./asset-report.js";
import type { ManageAssetsCommand, RevokeAssetsCommand } from "./manage-assets-request.js";

/** Transient failures first, so a refusal is drawn only for associations. */
const ALLOWED: Record<ManageType, readonly InjectedAsyncFailure[]> = {
  ASSOCIATE: [9603, 9644, 9709],
  DISASSOCIATE: [9603, 9644],
  REVOKE: [9603, 9644],
};

/** Resolves clientUserIds to active users; unknown or retired ones are reported apart. */
const resolveUsers = (location: Location, clientUserIds: readonly string[]) => {
  const known: AssignmentTarget[] = [];
  const unknown: string[] = [];
  for (const clientUserId of clientUserIds) {
    const user = location.users.active(clientUserId);
    if (user === undefined) unknown.push(clientUserId);
    else known.push(userTarget(user));
  }
  return { known, unknown };
};

/** Runs an association. Per asset: all targets get a license, or none do (9709 when too few are left). */
export const runAssociate = (
  location: Location,
  eventId: string,
  command: ManageAssetsCommand,
  draw: FailureDraw = NO_FAILURES,
): OperationOutcome =>
  runPerAsset(location, eventId, command, "ASSOCIATE", draw, (asset, targets) => {
    const fresh = targets.filter((target) => !location.assignments.has(asset, target));
    if (availableCount(location, asset) < fresh.length)
      return location.worded(errorResponse(9709, undefined, errorInfoFor(asset, targets)));
    assign(location, asset, fresh);
    return undefined;
  });

/** Runs a disassociation; targets that hold no license of the asset are a no-op success. */
export const runDisassociate = (
  location: Location,
  eventId: string,
  command: ManageAssetsCommand,
  draw: FailureDraw = NO_FAILURES,
): OperationOutcome =>
  runPerAsset(location, eventId, command, "DISASSOCIATE", draw, (asset, targets) => {
    unassign(
      location,
      targets.map((target) => ({ adamId: asset.adamId, pricingParam: asset.pricingParam, target })),
    );
    return undefined;
  });

const runPerAsset = (
  location: Location,
  eventId: string,
  command: ManageAssetsCommand,
  type: ManageType,
  draw: FailureDraw,
  apply: (asset: AssetRecord, targets: readonly AssignmentTarget[]) => ErrorResponse | undefined,
): OperationOutcome => {
  const { known, unknown } = resolveUsers(location, command.clientUserIds);
  const targets = [...known, ...command.serialNumbers.map(deviceTarget)];
  const failures: ErrorResponse[] = [];
  let numCompleted = 0;
  for (const asset of command.assets) {
    if (unknown.length > 0) {
      const error = location.worded(
        errorResponse(9609, undefined, {
          assets: [{ adamId: asset.adamId, pricingParam: asset.pricingParam }],
          clientUserIds: unknown,
        }),
      );
      failures.push(error);
      report(
        location,
        eventId,
        type,
        unknown.map((clientUserId) => ({
          adamId: asset.adamId,
          clientUserId,
          pricingParam: asset.pricingParam,
        })),
        error,
      );
    }
    if (targets.length === 0) continue;
    const { proceed, failed } = splitByFailure(targets, draw, ALLOWED[type]);
    for (const [code, failing] of failed) {
      const error = location.worded(errorResponse(code, undefined, errorInfoFor(asset, failing)));
      failures.push(error);
      report(
        location,
        eventId,
        type,
        failing.map((target) => wireTarget(asset, target)),
        error,
      );
    }
    if (proceed.length === 0) continue;
    const error = apply(asset, proceed);
    const assignments = proceed.map((target) => wireTarget(asset, target));
    if (error === undefined) numCompleted += proceed.length;
    else failures.push(error);
    report(location, eventId, type, assignments, error);
  }
  return { numCompleted, failures };
};

/** Runs a revoke: every revocable license of each target is taken back; irrevocable ones stay. */
export const runRevoke = (
  location: Location,
  eventId: string,
  command: RevokeAssetsCommand,
  draw: FailureDraw = NO_FAILURES,
): OperationOutcome => {
  const { known, unknown } = resolveUsers(location, command.clientUserIds);
  const { proceed: targets, failed } = splitByFailure(
    [...known, ...command.serialNumbers.map(deviceTarget)],
    draw,
    ALLOWED.REVOKE,
  );
  const revocable = (record: AssignmentRecord) => isRevocable(location, record);
  const pairs = targets.flatMap((target) =>
    location.assignments
      .heldBy(target)
      .filter(revocable)
      .map((record) => ({ adamId: record.adamId, pricingParam: record.pricingParam, target })),
  );
  const removed = unassign(location, pairs);
  report(
    location,
    eventId,
    "REVOKE",
    removed.map((record) => toResponseAssignment(record)),
  );
  const failures: ErrorResponse[] = [];
  for (const [code, failing] of failed) {
    const error = location.worded(errorResponse(code, undefined, targetInfo(failing)));
    failures.push(error);
    report(location, eventId, "REVOKE", [], error);
  }
  if (unknown.length > 0) {
    const error = location.worded(errorResponse(9609, undefined, { clientUserIds: unknown }));
    failures.push(error);
    report(location, eventId, "REVOKE", [], error);
  }
  return { numCompleted: targets.length, failures };
};
