import { IdempotencyViolation, WrongExpectedVersion } from "./errors.js";
import type { EventToAppend, ExpectedVersion, RecordedEvent } from "./port.js";

/** True when a stream at version `actual` satisfies `expected`. */
export const satisfiesExpectedVersion = (expected: ExpectedVersion, actual: bigint): boolean => {
  switch (expected) {
    case "any":
      return true;
    case "no_stream":
      return actual === 0n;
    case "stream_exists":
      return actual > 0n;
    default:
      return actual === expected;
  }
};

/** Throws `WrongExpectedVersion` carrying the actual version when `expected` does not hold. */
export const checkExpectedVersion = (streamId: string, expected: ExpectedVersion, actual: bigint): void => {
  if (!satisfiesExpectedVersion(expected, actual)) throw new WrongExpectedVersion(streamId, expected, actual);
};

const sortKeys = (_key: string, value: unknown): unknown =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : value;

/**
 * JSON with object keys sorted: two values stored as JSON (jsonb included, which reorders keys) are the same
 * content exactly when their canonical forms are equal.
 */
export const canonicalJson = (value: unknown): string => JSON.stringify(value, sortKeys) ?? "undefined";

/** Same type, schema version, data and metadata, compared as stored JSON. */
export const sameEventContent = (a: EventToAppend, b: EventToAppend): boolean =>
  a.type === b.type &&
  a.schemaVersion === b.schemaVersion &&
  canonicalJson(a.data) === canonicalJson(b.data) &&
  canonicalJson(a.metadata) === canonicalJson(b.metadata);

/** What an append is, given the events already stored in the stream under the batch's ids. */
export type AppendClassification =
  | { readonly kind: "new" }
  | { readonly kind: "duplicate"; readonly first: RecordedEvent; readonly last: RecordedEvent };

/**
 * Decides whether an append is new or an idempotent retry. `stored` looks an id up among the stream's events.
 * A retry must match exactly: every id stored, contiguous, in batch order, with the same content, at the
 * position this append would have had (its expected version held just before the first of them). Anything
 * else (partial overlap, other content, another position) throws `IdempotencyViolation`.
 */
export const classifyAppend = (
  streamId: string,
  events: ReadonlyArray<EventToAppend>,
  expected: ExpectedVersion,
  stored: (eventId: string) => RecordedEvent | undefined,
): AppendClassification => {
  const found = events.map((event) => stored(event.id));
  const firstFound = found.findIndex((event) => event !== undefined);
  if (firstFound === -1) return { kind: "new" };
  // Partial overlap: name a stored id, the one the caller reused.
  if (found.includes(undefined)) throw new IdempotencyViolation(streamId, events[firstFound]?.id ?? "");
  const first = found[0]!;
  events.forEach((event, index) => {
    const match = found[index]!;
    if (match.streamVersion !== first.streamVersion + BigInt(index) || !sameEventContent(event, match)) {
      throw new IdempotencyViolation(streamId, event.id);
    }
  });
  if (!satisfiesExpectedVersion(expected, first.streamVersion - 1n)) {
    throw new IdempotencyViolation(streamId, first.id);
  }
  return { kind: "duplicate", first, last: found[found.length - 1] ?? first };
};
