import {
  type AppendResult,
  assertValidAppend,
  checkExpectedVersion,
  classifyAppend,
  type EventToAppend,
  type ExpectedVersion,
  IdempotencyViolation,
  type RecordedEvent,
  WrongExpectedVersion,
} from "@vpp-ledger/core";
import type { SqlExecutor, SqlParam } from "../sql/client.js";
import { sqlErrorField, sqlState } from "../sql/errors.js";
import { decodeEventRow, eventColumns } from "./event-row.js";
import { readStreamVersion } from "./stream-version.js";

const expectedParams = (expected: ExpectedVersion): [SqlParam, SqlParam] =>
  typeof expected === "bigint" ? ["exact", expected.toString()] : [expected, null];

const UUID_IN_DETAIL = /\(event_id\)=\(([0-9a-f-]{36})\)/;

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
  if (state === "22P05" || state === "22021") {
    return new TypeError(
      `stream ${streamId}: event data or metadata holds text PostgreSQL cannot store (a \\u0000 character ` +
        "or an unpaired surrogate); remove it before appending",
    );
  }
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
 * raises and writes nothing. Errors are the port's: {@link WrongExpectedVersion} with the actual version,
 * {@link IdempotencyViolation}, and (from the driver) StoreUnavailable.
 */
export const appendEvents = async (
  db: SqlExecutor,
  schema: string,
  streamId: string,
  events: ReadonlyArray<EventToAppend>,
  expectedVersion: ExpectedVersion = "any",
): Promise<AppendResult> => {
  assertValidAppend(streamId, events, expectedVersion);
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
