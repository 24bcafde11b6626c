import type { DeploymentAction } from "./events.js";
import { Holders } from "./holders.js";
import { type PoolMetadata, unknownPoolMetadata } from "./pool.js";
import type { Licensing, UsageLevel } from "./terms.js";

/** State of one license pool: one app of one tenant. Only what decisions need; monitoring lives in read models. */
export interface LicenseState {
  /** Apple's purchased count; 0 until the first sync. */
  readonly purchased: number;
  /** Current deployment action; null until the app is deployed. */
  readonly deployment: DeploymentAction | null;
  /** Whether the deployment licenses users or devices (R20); users until a deployment says otherwise. */
  readonly licensing: Licensing;
  /**
   * Users holding a license, with the time it was assigned (R13: at most one each). A {@link Holders} in states
   * the decider builds, so a command on a large pool does not copy every holder.
   */
  readonly holders: ReadonlyMap<string, string>;
  /** Devices (serial numbers) holding a license, with the time it was assigned (R13 per device, R20). */
  readonly devices: ReadonlyMap<string, string>;
  /**
   * License-granting and license-freeing events folded so far (a move counts as one of each, a revocation as one
   * reclaim per holder). Decisions do not use them: they let a snapshot be checked, since the holders and devices
   * must number `assignments - reclaims` in any state the events can produce.
   */
  readonly assignments: number;
  readonly reclaims: number;
  /** What Apple says of the asset (pricingParam, supportedPlatforms, deviceAssignable); null fields are unknown. */
  readonly metadata: PoolMetadata;
  /** The use level last recorded (R23): alerts are recorded once per crossing. */
  readonly usageAlert: UsageLevel;
}

/** The pool before any event. */
export const initialLicenseState: LicenseState = {
  purchased: 0,
  deployment: null,
  licensing: "user",
  holders: Holders.empty,
  devices: Holders.empty,
  assignments: 0,
  reclaims: 0,
  metadata: unknownPoolMetadata,
  usageAlert: "normal",
};

/** Licenses held by users and devices together: what R16 compares with the purchased count. */
export const assignedLicenses = (state: LicenseState): number => state.holders.size + state.devices.size;

/**
 * True when the state is one its events could have produced (R13, R16): each holder came from one assignment
 * not yet reclaimed. A snapshot that breaks it (forged, or from another stream) is discarded and replayed.
 */
export const isConsistentLicenseState = (state: LicenseState): boolean =>
  Number.isSafeInteger(state.assignments) &&
  Number.isSafeInteger(state.reclaims) &&
  state.reclaims <= state.assignments &&
  assignedLicenses(state) === state.assignments - state.reclaims;

/** Licenses left to assign; 0 when over-allocated (R16). */
export const availableLicenses = (state: LicenseState): number =>
  Math.max(0, state.purchased - assignedLicenses(state));

/** True when Apple's count is below the licenses held (refund, transfer). */
export const isOverAllocated = (state: LicenseState): boolean => assignedLicenses(state) > state.purchased;
