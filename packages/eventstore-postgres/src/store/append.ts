import {
  type AppendResult,
  type EventToAppend,
  type ExpectedVersion,
  IdempotencyViolation,
  InvalidEvent,
  type RecordedEvent,
  WrongExpectedVersion,
} from "@vpp-ledger/core";
import { assertValidAppend, checkExpectedVersion, classifyAppend } from "@vpp-ledger/core/adapter-kit";
import type { SqlExecutor, SqlParam } from "../sql/client.js";
import { isInputRefusal, sqlErrorField, sqlState } from "../sql/errors.js";
import { describeSqlState } from "../sql/sqlstate.js";
import { decodeEventRow, eventColumns } from "./event-row.js";
import { findUnstorable, MAX_INTEGER, type UnstorablePlace, unstorableText } from "./storable.js";
import { readStreamVersion } from "./stream-version.js";

const expectedParams = (expected: ExpectedVersion): [SqlParam, SqlParam] =>
  typeof expected === "bigint" ? ["exact", expected.toString()] : [expected, null];

const UUID_IN_DETAIL = /\(event_id\)=\(([0-9a-f-]{36})\)/;

// Shown instead of a stream id or event type that cannot be stored: the text itself may be anything.
const UNSTORABLE_STREAM_ID = "(a stream id PostgreSQL cannot store)";
const UNSTORABLE_TYPE = "(an event type PostgreSQL cannot store)";

const shownType = (type: string): string => (unstorableText(type) === undefined ? type : UNSTORABLE_TYPE);

const placeIn = (event: EventToAppend): UnstorablePlace | undefined =>
  findUnstorable(event.type, "type") ??
  findUnstorable(event.data, "data") ??
  findUnstorable(event.metadata, "metadata") ??
  (event.schemaVersion > MAX_INTEGER
    ? { path: "schemaVersion", reason: "a number beyond the integer column's range" }
    : undefined);

/**
 * The batch holds something PostgreSQL cannot store: an {@link InvalidEvent} (not retryable, nothing written)
 * naming the event's type, the field and why, never the value. `state` is PostgreSQL's refusal, if it got
 * that far (a stream id is checked before any SQL, since the drivers would silently alter an unpaired
 * surrogate in it).
 */
export const refusedAppend = (
  streamId: string,
  events: ReadonlyArray<EventToAppend>,
  state?: string,
): InvalidEvent => {
  const refusal = state === undefined ? "" : `: ${describeSqlState(state)}`;
  const streamReason = unstorableText(streamId);
  if (streamReason !== undefined) {
    return new InvalidEvent(
      UNSTORABLE_STREAM_ID,
      shownType(events[0]?.type ?? "(no event)"),
      "streamId",
      `the stream id holds ${streamReason}, which PostgreSQL cannot store${refusal}`,
    );
  }
  for (const [index, event] of events.entries()) {
    const place = placeIn(event);
    if (place !== undefined) {
      return new InvalidEvent(
        streamId,
        shownType(event.type),
        place.path,
        `event ${index} of the batch holds ${place.reason}, which PostgreSQL cannot store${refusal}`,
      );
    }
  }
  return new InvalidEvent(
    streamId,
    shownType(events[0]?.type ?? "(no event)"),
    "(batch)",
    `PostgreSQL refused the batch${refusal}: a value too large to store or index, or out of range`,
  );
};

/** Turns the append function's failures into the port's errors; anything else passes through. */
const appendFailure = async (
  db: SqlExecutor,
  schema: string,
  error: unknown,
  streamId: string,
  expected: ExpectedVersion,
  events: ReadonlyArray<EventToAppend>,
): Promise<unknown> => {
  const state = sqlState(error);
  if (state === "VL001") {
    return new WrongExpectedVersion(streamId, expected, BigInt(sqlErrorField(error, "detail") ?? "0"));
  }
  if (state === "VL002") return new IdempotencyViolation(streamId, sqlErrorField(error, "detail") ?? "");
  if (state === "23505" && sqlErrorField(error, "constraint") === "events_event_id_key") {
    // A concurrent append put the id in another stream while this one ran (ids are unique across the log).
    const id = UUID_IN_DETAIL.exec(sqlErrorField(error, "detail") ?? "")?.[1] ?? events[0]?.id ?? "";
    return new IdempotencyViolation(streamId, id);
  }
  if (state === "23505" && sqlErrorField(error, "constraint") === "events_stream_version_key") {
    // Only a writer bypassing the append function can get here; report what is there now.
    return new WrongExpectedVersion(streamId, expected, await readStreamVersion(db, schema, streamId));
  }
  // The raw error's message, DETAIL and CONTEXT echo the payload (`JSON data, line 1: …`): only the
  // SQLSTATE goes on, with the place found in the batch.
  if (state !== undefined && isInputRefusal(error)) return refusedAppend(streamId, events, state);
  return error;
};

/** Some ids of the batch are stored in the stream: decide with the core's rules whether this is a retry. */
const classifyRetry = async (
  db: SqlExecutor,
  schema: string,
  streamId: string,
  events: ReadonlyArray<EventToAppend>,
  expected: ExpectedVersion,
): Promise<AppendResult> => {
  const rows = await db.query(
    // By id only: the unique index answers it whatever the stream's length.
    `SELECT ${eventColumns()} FROM "${schema}".events WHERE event_id = ANY($1::uuid[])`,
    [`{${events.map((event) => event.id).join(",")}}`],
  );
  const stored = new Map<string, RecordedEvent>(
    rows
      .map((row) => decodeEventRow(row))
      .filter((event) => event.streamId === streamId)
      .map((event) => [event.id, event]),
  );
  const classification = classifyAppend(streamId, events, expected, (id) => stored.get(id));
  // Stored events are immutable, so what the append function saw is still there: "new" cannot happen.
  if (classification.kind === "new") throw new Error(`stream ${streamId}: retried events vanished`);
  const { last } = classification;
  return { nextExpectedVersion: last.streamVersion, lastGlobalPosition: last.globalPosition, written: false };
};

/** An empty append writes nothing; it only checks the expected version, like the reference store. */
const emptyAppend = async (
  db: SqlExecutor,
  schema: string,
  streamId: string,
  expected: ExpectedVersion,
): Promise<AppendResult> => {
  const rows = await db.query(
    `SELECT stream_version::text AS version, global_position::text AS position FROM "${schema}".events
      WHERE stream_id = $1 ORDER BY stream_version DESC LIMIT 1`,
    [streamId],
  );
  const version = BigInt(String(rows[0]?.version ?? "0"));
  checkExpectedVersion(streamId, expected, version);
  return {
    nextExpectedVersion: version,
    lastGlobalPosition: BigInt(String(rows[0]?.position ?? "0")),
    written: false,
  };
};

/**
 * Appends `events` to `streamId` in one statement (one transaction unless `db` is already inside one): the
 * schema's append function locks the stream row, checks the expected version and inserts every event, or
 * raises and writes nothing. Errors are the port's: `WrongExpectedVersion` with the actual version,
 * `IdempotencyViolation`, {@link InvalidEvent} for values PostgreSQL cannot store, and (from the
 * driver) StoreUnavailable.
 */
export const appendEvents = async (
  db: SqlExecutor,
  schema: string,
  streamId: string,
  events: ReadonlyArray<EventToAppend>,
  expectedVersion: ExpectedVersion = "any",
): Promise<AppendResult> => {
  assertValidAppend(streamId, events, expectedVersion);
  if (unstorableText(streamId) !== undefined) throw refusedAppend(streamId, events);
  if (events.length === 0) return emptyAppend(db, schema, streamId, expectedVersion);
  const payload = JSON.stringify(
    events.map(({ id, type, schemaVersion, data, metadata }) => ({
      id,
      type,
      schemaVersion,
      data,
      metadata,
    })),
  );
  let rows: Awaited<ReturnType<SqlExecutor["query"]>>;
  try {
    rows = await db.query(
      `SELECT outcome, next_version::text AS next_version, last_position::text AS last_position
         FROM "${schema}".append_to_stream($1, $2, $3::bigint, $4::jsonb)`,
      [streamId, ...expectedParams(expectedVersion), payload],
    );
  } catch (error) {
    throw await appendFailure(db, schema, error, streamId, expectedVersion, events);
  }
  const row = rows[0];
  if (row?.outcome === "duplicate") return classifyRetry(db, schema, streamId, events, expectedVersion);
  if (
    row?.outcome !== "written" ||
    typeof row.next_version !== "string" ||
    typeof row.last_position !== "string"
  ) {
    throw new Error(`stream ${streamId}: unexpected answer from append_to_stream`);
  }
  return {
    nextExpectedVersion: BigInt(row.next_version),
    lastGlobalPosition: BigInt(row.last_position),
    written: true,
  };
};
