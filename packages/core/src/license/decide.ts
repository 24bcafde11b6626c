import * as E from "fp-ts/lib/Either.js";
import { type DomainError, domainError } from "../shared/errors.js";
import type { LicenseCommand } from "./commands.js";
import type { LicenseEvent } from "./events.js";
import { changedMetadata } from "./pool.js";
import type { LicenseState } from "./state.js";

type Decision = E.Either<DomainError, ReadonlyArray<LicenseEvent>>;
type Data<T extends LicenseCommand["type"]> = Extract<LicenseCommand, { type: T }>["data"];

const none: Decision = E.right([]);
const emit = (...events: LicenseEvent[]): Decision => E.right(events);

const syncPurchasedCount = (command: Data<"SyncPurchasedCount">, state: LicenseState): Decision => {
  const { purchased, at } = command;
  const metadata = changedMetadata(state.metadata, command);
  if (purchased === state.purchased && Object.keys(metadata).length === 0) return none;
  const synced: LicenseEvent = {
    type: "PurchasedCountSynced",
    data: { purchased, previous: state.purchased, at, ...metadata },
  };
  if (purchased === state.purchased) return emit(synced);
  const assigned = state.holders.size;
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
  if (state.deployment === null || state.deployment === "uninstall") {
    return E.left(
      domainError(
        "app-not-deployed",
        state.deployment === null
          ? "the app is not deployed; deploy it as required or available first"
          : "the app is deployed as uninstall; no license is assigned",
        { deployment: state.deployment },
      ),
    );
  }
  if (!termsAccepted) {
    return E.left(
      domainError(
        "terms-not-accepted",
        `user ${userId} has not accepted the VPP terms yet; the install waits for the invitation`,
        {
          userId,
        },
      ),
    );
  }
  const assigned = state.holders.size;
  if (assigned >= state.purchased) {
    const over = assigned > state.purchased;
    return E.left(
      domainError(
        "no-license-available",
        over
          ? `Apple's purchased count (${state.purchased}) is below the ${assigned} licenses assigned; reclaim licenses or buy more`
          : `all ${state.purchased} purchased licenses are assigned; buy more licenses or reclaim unused ones`,
        { purchased: state.purchased, assigned },
      ),
    );
  }
  return emit({ type: "LicenseAssigned", data: { userId, at } });
};

const requireHolder = (userId: string, state: LicenseState): E.Either<DomainError, void> =>
  state.holders.has(userId)
    ? E.right(undefined)
    : E.left(domainError("license-not-held", `user ${userId} holds no license of this app`, { userId }));

/** Decides a License command (one pool: one app of one tenant). */
export const decideLicense = (command: LicenseCommand, state: LicenseState): Decision => {
  switch (command.type) {
    case "SyncPurchasedCount":
      return syncPurchasedCount(command.data, state);
    case "DeployApp":
      return command.data.action === state.deployment
        ? none
        : emit({ type: "AppDeployed", data: command.data });
    case "RequestInstall":
      return state.holders.has(command.data.userId)
        ? none
        : emit({ type: "InstallRequested", data: command.data });
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
  }
};
