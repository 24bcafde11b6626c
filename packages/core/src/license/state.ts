import type { DeploymentAction } from "./events.js";

/** State of one license pool: one app of one tenant. Only what decisions need; monitoring lives in read models. */
export interface LicenseState {
  /** Apple's purchased count; 0 until the first sync. */
  readonly purchased: number;
  /** Current deployment action; null until the app is deployed. */
  readonly deployment: DeploymentAction | null;
  /** Users holding a license, with the time it was assigned (R13: at most one each). */
  readonly holders: ReadonlyMap<string, string>;
}

/** The pool before any event. */
export const initialLicenseState: LicenseState = { purchased: 0, deployment: null, holders: new Map() };

/** Licenses left to assign; 0 when over-allocated (R16). */
export const availableLicenses = (state: LicenseState): number =>
  Math.max(0, state.purchased - state.holders.size);

/** True when Apple's count is below the licenses held (refund, transfer). */
export const isOverAllocated = (state: LicenseState): boolean => state.holders.size > state.purchased;
