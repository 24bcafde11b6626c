import { IdempotencyViolation } from "./errors.js";
import { isCanonicalUuid } from "./event-id.js";
import type { EventToAppend, ExpectedVersion } from "./port.js";

/** Every adapter rejects the same bad input the same way: call this before touching storage. */
export function assertValidStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== "string" || streamId.length === 0) {
    throw new TypeError("streamId must be a non-empty string");
  }
}

/** Rejects anything that is not one of the four {@link ExpectedVersion} forms. */
export function assertValidExpectedVersion(expected: unknown): asserts expected is ExpectedVersion {
  if (typeof expected === "bigint") {
    if (expected < 0n) throw new RangeError(`expected version must be >= 0n, got ${expected}`);
    return;
  }
  if (expected !== "any" && expected !== "no_stream" && expected !== "stream_exists") {
    throw new TypeError('expected version must be "any", "no_stream", "stream_exists" or a bigint');
  }
}

/** True when `value` serialises to JSON (no bigint, no cycle, not undefined). */
export const isJson = (value: unknown): boolean => {
  try {
    return JSON.stringify(value) !== undefined;
  } catch {
    return false;
  }
};

const METADATA_STRINGS = ["tenantId", "correlationId", "causationId", "recordedAt"] as const;

const assertValidEvent = (event: EventToAppend, index: number): void => {
  const where = `event ${index}`;
  if (typeof event !== "object" || event === null) throw new TypeError(`${where} must be an object`);
  if (!isCanonicalUuid(event.id)) {
    throw new TypeError(
      `${where}: id must be a lowercase UUID (derive it with eventIdFor(commandId, index))`,
    );
  }
  if (typeof event.type !== "string" || event.type.length === 0) {
    throw new TypeError(`${where} (${event.id}): type must be a non-empty string`);
  }
  if (!Number.isSafeInteger(event.schemaVersion) || event.schemaVersion < 1) {
    throw new RangeError(`${where} (${event.id}): schemaVersion must be an integer >= 1`);
  }
  if (!isJson(event.data)) {
    throw new TypeError(`${where} (${event.id}): data must be JSON (encode it with the event catalog)`);
  }
  const metadata = event.metadata as unknown as Record<string, unknown> | null | undefined;
  if (typeof metadata !== "object" || metadata === null || !isJson(metadata)) {
    throw new TypeError(`${where} (${event.id}): metadata must be a JSON object`);
  }
  for (const field of METADATA_STRINGS) {
    if (typeof metadata[field] !== "string") {
      throw new TypeError(`${where} (${event.id}): metadata.${field} must be a string`);
    }
  }
  const actor = metadata.actor as { kind?: unknown } | null | undefined;
  if (typeof actor !== "object" || actor === null || typeof actor.kind !== "string") {
    throw new TypeError(`${where} (${event.id}): metadata.actor.kind must be a string`);
  }
};

/**
 * Validates an append before it touches storage: stream id, expected version, every event's shape, and ids
 * unique within the batch (a repeated id is an `IdempotencyViolation`: the same id at two positions).
 */
export function assertValidAppend(
  streamId: unknown,
  events: ReadonlyArray<EventToAppend>,
  expected: unknown,
): asserts expected is ExpectedVersion {
  assertValidStreamId(streamId);
  assertValidExpectedVersion(expected);
  if (!Array.isArray(events)) throw new TypeError("events must be an array");
  const seen = new Set<string>();
  events.forEach((event, index) => {
    assertValidEvent(event, index);
    if (seen.has(event.id)) throw new IdempotencyViolation(streamId, event.id);
    seen.add(event.id);
  });
}
