import { randomUUID } from "node:crypto";
import type { JSONEventData } from "@eventstore/db-client";
import { LedgerError, type StoredSnapshot } from "@vpp-ledger/core";
import type { EsdbRecord } from "../codec/decode-event.js";

/** ESDB event type of a snapshot. */
export const SNAPSHOT_EVENT_TYPE = "vpp-ledger.snapshot";

/** Marks the adapter's snapshot events (they carry no ledger envelope, so log readers skip them). */
const SNAPSHOT_KEY = "vppLedgerSnapshot";

/** A snapshot as an ESDB event: the version as a decimal string (JSON has no bigint). */
export const toSnapshotEvent = (snapshot: StoredSnapshot): JSONEventData => ({
  id: randomUUID(),
  contentType: "application/json",
  type: SNAPSHOT_EVENT_TYPE,
  data: {
    streamId: snapshot.streamId,
    streamVersion: snapshot.streamVersion.toString(),
    schemaVersion: snapshot.schemaVersion,
    state: snapshot.state,
  },
  metadata: { [SNAPSHOT_KEY]: { format: 1 } },
});

const DIGITS = /^[1-9]\d*$/;

/** Reads a snapshot event back, or throws `snapshot-invalid` (the handler then rebuilds from events). */
export const fromSnapshotRecord = (streamId: string, record: EsdbRecord): StoredSnapshot => {
  const data = record.isJson && typeof record.data === "object" ? record.data : null;
  const { streamVersion, schemaVersion, state } = (data ?? {}) as Record<string, unknown>;
  const malformed =
    data === null ||
    record.type !== SNAPSHOT_EVENT_TYPE ||
    typeof streamVersion !== "string" ||
    !DIGITS.test(streamVersion) ||
    typeof schemaVersion !== "number" ||
    !Number.isSafeInteger(schemaVersion) ||
    schemaVersion < 1 ||
    state === undefined;
  if (malformed) {
    throw new LedgerError(
      "snapshot-invalid",
      `snapshot of ${streamId}: the stored snapshot event is malformed; it is ignored and rebuilt from events`,
    );
  }
  return { streamId, streamVersion: BigInt(streamVersion), schemaVersion, state };
};
