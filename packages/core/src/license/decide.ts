import * as E from "fp-ts/lib/Either.js";
import { domainError } from "../shared/errors.js";
import type { LicenseCommand } from "./commands.js";
import {
  assignDevice,
  deployApp,
  importDevice,
  moveToDevice,
  reclaimDevice,
  revokeAll,
} from "./decide-devices.js";
import {
  type Data,
  type Decision,
  emit,
  none,
  requireDeployed,
  requireFreeLicense,
  requireLicensing,
} from "./decision.js";
import type { LicenseEvent } from "./events.js";
import { changedMetadata } from "./pool.js";
import { assignedLicenses, type LicenseState } from "./state.js";
import { recordPoolUsage } from "./usage.js";

const syncPurchasedCount = (command: Data<"SyncPurchasedCount">, state: LicenseState): Decision => {
  const { purchased, at } = command;
  const metadata = changedMetadata(state.metadata, command);
  if (purchased === state.purchased && Object.keys(metadata).length === 0) return none;
  const synced: LicenseEvent = {
    type: "PurchasedCountSynced",
    data: { purchased, previous: state.purchased, at, ...metadata },
  };
  if (purchased === state.purchased) return emit(synced);
  const assigned = assignedLicenses(state);
  return purchased < assigned
    ? emit(synced, { type: "OverAllocationDetected", data: { purchased, assigned, at } })
    : emit(synced);
};

const assignLicense = (
  { userId, termsAccepted, at }: Data<"AssignLicense">,
  state: LicenseState,
): Decision => {
  // R13 first: a user who holds a license consumes nothing more, whatever else changed.
  if (state.holders.has(userId)) return none;
  const deployed = requireDeployed(state);
  if (E.isLeft(deployed)) return deployed;
  const mode = requireLicensing(state, "user");
  if (E.isLeft(mode)) return mode;
  if (!termsAccepted) {
    return E.left(
      domainError(
        "terms-not-accepted",
        `user ${userId} has not accepted the VPP terms yet; the install waits for the invitation`,
        { userId },
      ),
    );
  }
  const free = requireFreeLicense(state);
  if (E.isLeft(free)) return free;
  return emit({ type: "LicenseAssigned", data: { userId, at } });
};

const requireHolder = (
  userId: string,
  state: LicenseState,
): E.Either<ReturnType<typeof domainError>, void> =>
  state.holders.has(userId)
    ? E.right(undefined)
    : E.left(domainError("license-not-held", `user ${userId} holds no license of this app`, { userId }));

/** Decides a License command (one pool: one app of one tenant). */
export const decideLicense = (command: LicenseCommand, state: LicenseState): Decision => {
  switch (command.type) {
    case "SyncPurchasedCount":
      return syncPurchasedCount(command.data, state);
    case "DeployApp":
      return deployApp(command.data, state);
    case "RequestInstall":
      // A device-licensed deployment invites nobody (R20): the user's device is licensed instead.
      if (state.holders.has(command.data.userId)) return none;
      return E.flatMap(requireLicensing(state, "user"), () =>
        emit({ type: "InstallRequested", data: command.data }),
      );
    case "AssignLicense":
      return assignLicense(command.data, state);
    case "ReclaimLicense":
      return state.holders.has(command.data.userId)
        ? emit({ type: "LicenseReclaimed", data: command.data })
        : none;
    case "RecordAppInstalled":
      return E.flatMap(requireHolder(command.data.userId, state), () =>
        emit({ type: "AppInstalled", data: command.data }),
      );
    case "RecordInstallFailure":
      return emit({ type: "InstallFailed", data: command.data });
    case "AssignDeviceLicense":
      return assignDevice(command.data, state);
    case "ImportDeviceLicense":
      return importDevice(command.data, state);
    case "ReclaimDeviceLicense":
      return reclaimDevice(command.data, state);
    case "MoveLicenseToDevice":
      return moveToDevice(command.data, state);
    case "RevokeAllLicenses":
      return revokeAll(command.data, state);
    case "RecordPoolUsage":
      return recordPoolUsage(command.data, state);
  }
};
