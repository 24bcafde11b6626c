import { CorruptEvent, type EventMetadata, type RecordedEvent } from "@vpp-ledger/core";
import { describeErrors } from "@vpp-ledger/core/adapter-kit";
import * as E from "fp-ts/lib/Either.js";
import * as t from "io-ts";
import type { SqlRow } from "../sql/client.js";

/**
 * The columns every event read selects. Integers of type bigint are cast to text so every driver returns
 * them alike (`pg` gives strings, PGlite numbers or bigints) and they become bigints without precision loss.
 */
export const eventColumns = (): string =>
  // Aliases differ from column names on purpose: ORDER BY a name that is also an output alias would sort the
  // text alias ("10" < "9"), not the bigint column.
  "global_position::text AS position, stream_id, stream_version::text AS version, " +
  "event_id::text AS event_id, event_type, schema_version, data, metadata";

// The same shape the core validates on append (strings and an actor kind), checked again on the way out:
// rows can be edited by hand, and a reader must get a named error, not a crash further downstream.
const Metadata = t.type({
  tenantId: t.string,
  correlationId: t.string,
  causationId: t.string,
  recordedAt: t.string,
  actor: t.intersection([t.type({ kind: t.string }), t.partial({ id: t.string })]),
});

const DIGITS = /^\d+$/;
const UNKNOWN = "(unreadable)";

/**
 * Turns a row of {@link eventColumns} into a {@link RecordedEvent}, or throws {@link CorruptEvent} naming the
 * stream, version, type and the column that is wrong. `data` is passed through untouched: only the event
 * catalog knows its shape (and reports a bad one the same way).
 */
export const decodeEventRow = (row: SqlRow): RecordedEvent => {
  const streamId = typeof row.stream_id === "string" ? row.stream_id : UNKNOWN;
  const version = typeof row.version === "string" && DIGITS.test(row.version) ? row.version : undefined;
  const type = typeof row.event_type === "string" ? row.event_type : UNKNOWN;
  const corrupt = (path: string, detail: string) =>
    new CorruptEvent(streamId, version === undefined ? -1n : BigInt(version), type, path, detail);

  if (streamId === UNKNOWN) throw corrupt("streamId", "must be a string");
  if (version === undefined) throw corrupt("streamVersion", "must be a positive integer");
  if (type === UNKNOWN) throw corrupt("type", "must be a string");
  if (typeof row.position !== "string" || !DIGITS.test(row.position)) {
    throw corrupt("globalPosition", "must be a positive integer");
  }
  if (typeof row.event_id !== "string") throw corrupt("id", "must be a UUID");
  if (typeof row.schema_version !== "number" || !Number.isSafeInteger(row.schema_version)) {
    throw corrupt("schemaVersion", "must be an integer");
  }
  if (row.data === undefined) throw corrupt("data", "is missing");
  const metadata = Metadata.decode(row.metadata);
  if (E.isLeft(metadata)) {
    const { path, expected } = describeErrors(metadata.left);
    throw corrupt(path === "(root)" ? "metadata" : `metadata.${path}`, `must be ${expected}`);
  }
  return {
    streamId,
    streamVersion: BigInt(version),
    globalPosition: BigInt(row.position),
    id: row.event_id,
    type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: metadata.right as EventMetadata,
  };
};
