import { CorruptEvent, type ParkedStream } from "@vpp-ledger/core";
import type { EsdbRecord } from "../codec/decode-event.js";
import { versionOfRevision } from "../mapping/revision.js";
import { readerRecord } from "./reader-streams.js";

/** ESDB event type of a stream parked by a reader. */
export const STREAM_PARKED_EVENT_TYPE = "vpp-ledger.stream-parked";
/** ESDB event type of a parked stream released (processed after a repair, or dismissed). */
export const STREAM_RELEASED_EVENT_TYPE = "vpp-ledger.stream-released";

const DIGITS = /^(0|[1-9]\d*)$/;

/** A parked entry as an ESDB record: versions and positions as decimal strings (JSON has no bigint). */
export const parkedRecord = (entry: ParkedStream) =>
  readerRecord(STREAM_PARKED_EVENT_TYPE, {
    ...entry,
    streamVersion: entry.streamVersion.toString(),
    globalPosition: entry.globalPosition.toString(),
  });

/** A release as an ESDB record. */
export const releasedRecord = (reader: string, streamId: string) =>
  readerRecord(STREAM_RELEASED_EVENT_TYPE, { reader, streamId });

const key = (reader: string, streamId: string): string => JSON.stringify([reader, streamId]);

const field = (data: Record<string, unknown>, name: string): string | undefined =>
  typeof data[name] === "string" ? data[name] : undefined;

/**
 * Folds the parked-streams stream into what is parked now, in parking order: a park of a (reader, stream) that
 * is already parked is ignored (the first entry wins), a release removes it. A record that is neither is a
 * {@link CorruptEvent} naming where it is.
 */
export const foldParked = (records: ReadonlyArray<EsdbRecord>): Map<string, ParkedStream> => {
  const parked = new Map<string, ParkedStream>();
  for (const record of records) {
    const data =
      record.isJson && typeof record.data === "object" && record.data !== null
        ? (record.data as Record<string, unknown>)
        : {};
    const [reader, streamId] = [field(data, "reader"), field(data, "streamId")];
    const corrupt = (path: string) =>
      new CorruptEvent(
        record.streamId,
        versionOfRevision(record.revision),
        record.type,
        path,
        "is missing or malformed",
      );
    if (reader === undefined) throw corrupt("data.reader");
    if (streamId === undefined) throw corrupt("data.streamId");
    if (record.type === STREAM_RELEASED_EVENT_TYPE) {
      parked.delete(key(reader, streamId));
      continue;
    }
    if (record.type !== STREAM_PARKED_EVENT_TYPE) throw corrupt("type");
    const [version, position] = [field(data, "streamVersion"), field(data, "globalPosition")];
    if (version === undefined || !DIGITS.test(version)) throw corrupt("data.streamVersion");
    if (position === undefined || !DIGITS.test(position)) throw corrupt("data.globalPosition");
    const text = ["eventType", "field", "code", "reason"].map((name) => field(data, name));
    if (text.some((value) => value === undefined)) throw corrupt("data");
    const [eventType, failing, code, reason] = text as [string, string, string, string];
    if (!parked.has(key(reader, streamId))) {
      parked.set(key(reader, streamId), {
        reader,
        streamId,
        streamVersion: BigInt(version),
        globalPosition: BigInt(position),
        eventType,
        field: failing,
        code,
        reason,
      });
    }
  }
  return parked;
};

/** The key of a (reader, stream) pair in {@link foldParked}'s map. */
export const parkedKey = key;
