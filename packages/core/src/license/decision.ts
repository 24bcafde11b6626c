import * as E from "fp-ts/lib/Either.js";
import { type DomainError, domainError } from "../shared/errors.js";
import type { LicenseCommand } from "./commands.js";
import type { LicenseEvent } from "./events.js";
import { assignedLicenses, type LicenseState } from "./state.js";

/** What deciding a License command gives: the events to append, or a rejection. */
export type Decision = E.Either<DomainError, ReadonlyArray<LicenseEvent>>;
/** The data of one License command type. */
export type Data<T extends LicenseCommand["type"]> = Extract<LicenseCommand, { type: T }>["data"];

/** Accepted, nothing to record. */
export const none: Decision = E.right([]);
/** Accepted with these events. */
export const emit = (...events: LicenseEvent[]): Decision => E.right(events);

/** Refuses an assignment while the app is not deployed, or deployed as uninstall. */
export const requireDeployed = (state: LicenseState): E.Either<DomainError, void> =>
  state.deployment === null || state.deployment === "uninstall"
    ? E.left(
        domainError(
          "app-not-deployed",
          state.deployment === null
            ? "the app is not deployed; deploy it as required or available first"
            : "the app is deployed as uninstall; no license is assigned",
          { deployment: state.deployment },
        ),
      )
    : E.right(undefined);

/** Refuses a new license when users and devices together hold every purchased one, or more (R16). */
export const requireFreeLicense = (state: LicenseState): E.Either<DomainError, void> => {
  const assigned = assignedLicenses(state);
  if (assigned < state.purchased) return E.right(undefined);
  return E.left(
    domainError(
      "no-license-available",
      assigned > state.purchased
        ? `Apple's purchased count (${state.purchased}) is below the ${assigned} licenses assigned; reclaim licenses or buy more`
        : `all ${state.purchased} purchased licenses are assigned; buy more licenses or reclaim unused ones`,
      { purchased: state.purchased, assigned },
    ),
  );
};

/** Refuses a command made for the other licensing mode than the deployment's (R20). */
export const requireLicensing = (
  state: LicenseState,
  wanted: LicenseState["licensing"],
): E.Either<DomainError, void> =>
  state.licensing === wanted
    ? E.right(undefined)
    : E.left(
        domainError(
          "licensing-mode-mismatch",
          wanted === "device"
            ? "the app is deployed with user licensing; deploy it with licensing device before assigning devices"
            : "the app is deployed with device licensing; assign the user's device, or deploy with licensing user",
          { licensing: state.licensing },
        ),
      );
