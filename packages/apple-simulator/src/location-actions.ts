/**
 * The parts of a location's handle that play Apple's side beyond setup: a renewed token for the same
 * location, an asset turning unlimited, and a foreign write as paging churn.
 */
import type { Location } from "./model/location.js";
import { SimulatorSetupError } from "./model/setup-error.js";
import { churn } from "./realism/churn.js";
import type { SeededRandom } from "./realism/random.js";
import type { LocationActions, SimLocation } from "./sim-location.js";

/** What the actions need from the simulator. */
export interface LocationActionDeps {
  readonly renew: (location: Location, expiresAt: string, revokePrevious: boolean) => SimLocation;
  readonly random: SeededRandom;
}

/** Builds the actions of one location. */
export const locationActions = (location: Location, deps: LocationActionDeps): LocationActions => ({
  renewToken: ({ expiresAt, revokePrevious }) => {
    if (typeof expiresAt !== "string") {
      throw new SimulatorSetupError("SIM_INVALID_DATE", "renewToken needs expiresAt, an ISO-8601 date.");
    }
    return deps.renew(location, expiresAt, revokePrevious === true);
  },
  setUnlimited: (adamId, unlimited, totalCount) => {
    if (typeof unlimited !== "boolean") {
      throw new SimulatorSetupError("SIM_INVALID_ASSET", "unlimited must be true or false.");
    }
    if (!location.assets.setUnlimited(adamId, unlimited, totalCount)) return;
    const { pricingParam } = location.assets.require(adamId);
    location.notify(location, { type: "UNLIMITED_ASSET", notification: { adamId, pricingParam, unlimited } });
  },
  churn: (kind = "licenses") => {
    if (kind !== "licenses" && kind !== "users") {
      throw new SimulatorSetupError(
        "SIM_INVALID_CHURN",
        `churn takes "licenses" or "users", got ${String(kind)}.`,
      );
    }
    churn(location, kind, deps.random);
  },
});
