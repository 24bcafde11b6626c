import type { DeploymentAction } from "./events.js";
import { Holders } from "./holders.js";
import { type PoolMetadata, unknownPoolMetadata } from "./pool.js";

/** State of one license pool: one app of one tenant. Only what decisions need; monitoring lives in read models. */
export interface LicenseState {
  /** Apple's purchased count; 0 until the first sync. */
  readonly purchased: number;
  /** Current deployment action; null until the app is deployed. */
  readonly deployment: DeploymentAction | null;
  /**
   * Users holding a license, with the time it was assigned (R13: at most one each). A {@link Holders} in states
   * the decider builds, so a command on a large pool does not copy every holder.
   */
  readonly holders: ReadonlyMap<string, string>;
  /**
   * LicenseAssigned and LicenseReclaimed events folded so far. Decisions do not use them: they let a snapshot be
   * checked, since `holders.size` must equal `assignments - reclaims` in any state the events can produce.
   */
  readonly assignments: number;
  readonly reclaims: number;
  /** What Apple says of the asset (pricingParam, supportedPlatforms, deviceAssignable); null fields are unknown. */
  readonly metadata: PoolMetadata;
}

/** The pool before any event. */
export const initialLicenseState: LicenseState = {
  purchased: 0,
  deployment: null,
  holders: Holders.empty,
  assignments: 0,
  reclaims: 0,
  metadata: unknownPoolMetadata,
};

/**
 * True when the state is one its events could have produced (R13, R16): each holder came from one assignment
 * not yet reclaimed. A snapshot that breaks it (forged, or from another stream) is discarded and replayed.
 */
export const isConsistentLicenseState = (state: LicenseState): boolean =>
  Number.isSafeInteger(state.assignments) &&
  Number.isSafeInteger(state.reclaims) &&
  state.reclaims <= state.assignments &&
  state.holders.size === state.assignments - state.reclaims;

/** Licenses left to assign; 0 when over-allocated (R16). */
export const availableLicenses = (state: LicenseState): number =>
  Math.max(0, state.purchased - state.holders.size);

/** True when Apple's count is below the licenses held (refund, transfer). */
export const isOverAllocated = (state: LicenseState): boolean => state.holders.size > state.purchased;
