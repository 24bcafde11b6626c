import { unstorableText } from "./storable.js";

/**
 * Checks of values bound to the `text` and `bigint` columns of the reader tables (checkpoints, parked streams),
 * before any SQL: a `TypeError` or `RangeError` naming the field and the rule, never the value.
 */

/** The largest value a `bigint` column holds (2^63 - 1). */
export const MAX_BIGINT_COLUMN = 9_223_372_036_854_775_807n;
/** Longest reader (checkpoint) name. */
export const MAX_NAME_LENGTH = 256;

/** `label` is text PostgreSQL stores as given (no `\u0000`; no unpaired surrogate, which drivers alter). */
export const assertStorableText = (label: string, text: unknown): void => {
  if (typeof text !== "string") throw new TypeError(`${label} must be a string, got ${typeof text}`);
  const reason = unstorableText(text);
  if (reason !== undefined) throw new TypeError(`${label} holds ${reason}, which PostgreSQL cannot store`);
};

/** A reader's name (its checkpoint name, e.g. the projection's): 1-256 characters PostgreSQL can store. */
export const assertValidName = (label: string, name: unknown): void => {
  if (typeof name !== "string" || name.length === 0 || name.length > MAX_NAME_LENGTH) {
    throw new TypeError(
      `${label} must be a string of 1-${MAX_NAME_LENGTH} characters (e.g. the projection's name); ` +
        `got ${typeof name === "string" ? `${name.length} characters` : typeof name}`,
    );
  }
  assertStorableText(label, name);
};

/** `label` is a bigint between `min` and 2^63 - 1 (a version or global position in a `bigint` column). */
export const assertBigintColumn = (label: string, value: unknown, min: bigint): void => {
  if (typeof value !== "bigint") throw new TypeError(`${label} must be a bigint, got ${typeof value}`);
  if (value < min || value > MAX_BIGINT_COLUMN) {
    throw new RangeError(`${label} must be between ${min}n and 2^63 - 1, got ${value}`);
  }
};
