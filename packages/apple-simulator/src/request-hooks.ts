import type { SimLocation } from "./sim-location.js";

/** What a request hook sees: an authenticated, valid request about to reach its endpoint. */
export interface RequestHookEvent {
  readonly method: string;
  /** API path relative to the base URL, e.g. `users`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** The caller's location; undefined for `service/config`. */
  readonly location: SimLocation | undefined;
}

/**
 * Runs just before an endpoint answers, so a test can change Apple's data at an exact point of a client's
 * work, e.g. between two pages of a walk.
 */
export type RequestHook = (event: RequestHookEvent) => void;
