import type { Scrubber } from "../untrusted/scrubber.js";

/** Deeper than any notification Apple documents; beyond it, content is dropped rather than walked. */
const MAX_DEPTH = 16;

/** Fields Apple fills with prose; every other string of a notification is an id, a code or a value. */
const FREE_TEXT = new Set(["errorMessage"]);

/**
 * A decoded notification with every string in it (keys included) scrubbed: Apple's `errorMessage` as text
 * ({@link Scrubber.text}: the token removed, cleaned, at most 256 characters), every other string as an id
 * ({@link Scrubber.id}: unchanged when clean, else a digest, so no cleaning can make an odd id valid). Done
 * before the de-duplication store, the callbacks, `onOther` and `onError` see it, so a token Apple echoed (or
 * any unbounded text) reaches none of them. Ids of the ledger's grammar come out unchanged.
 */
export const scrubNotification = <T>(value: T, scrubber: Scrubber): T =>
  scrubValue(value, undefined, scrubber, 0) as T;

const scrubValue = (value: unknown, key: string | undefined, scrubber: Scrubber, depth: number): unknown => {
  if (typeof value === "string")
    return key !== undefined && FREE_TEXT.has(key) ? scrubber.text(value) : scrubber.id(value);
  if (typeof value !== "object" || value === null) return value;
  if (depth >= MAX_DEPTH) return null;
  if (Array.isArray(value)) return value.map((item) => scrubValue(item, key, scrubber, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([name, item]) => [
      scrubber.id(name),
      scrubValue(item, name, scrubber, depth + 1),
    ]),
  );
};
