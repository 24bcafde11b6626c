import { AppleApiError } from "./errors.js";

/**
 * Apple left out a field the ledger needs for one use (Apple marks every v2 field optional, so the codecs
 * accept its absence and the use asks). Classified `malformed-response`: retrying later may help, and if it
 * persists Apple changed what it sends.
 */
export class MissingFieldError extends AppleApiError {
  constructor(
    /** The field as a path in the response, e.g. `assets[].totalCount`. */
    readonly path: string,
    /** What the field was needed for, e.g. `the purchased count of app 361309726`. */
    readonly neededFor: string,
    endpoint: string,
  ) {
    super(
      "malformed-response",
      `${endpoint} returned no ${path}, which is needed for ${neededFor}; nothing was applied for it: retry ` +
        "later, and report it if it persists (Apple may have changed what it sends)",
      { endpoint },
    );
    this.name = "AppleApiError";
  }
}

/** The field's value, or a {@link MissingFieldError} naming it, the endpoint, and what it was needed for. */
export const requireField = <T>(
  value: T | undefined,
  path: string,
  endpoint: string,
  neededFor: string,
): T => {
  if (value === undefined) throw new MissingFieldError(path, neededFor, endpoint);
  return value;
};
