import type { EventStoreDBClient } from "@eventstore/db-client";
import { readLastRecord } from "../client/reads.js";
import { logPositionOf } from "../codec/decode-event.js";
import { versionOfRevision } from "../mapping/revision.js";

/** Where a stream ends: its version and the global position of its last event (0n for both when empty). */
export interface StreamHead {
  readonly version: bigint;
  readonly position: bigint;
}

/** One backwards read of one record: the stream's end, whatever its length. */
export const readStreamHead = async (client: EventStoreDBClient, streamId: string): Promise<StreamHead> => {
  const last = await readLastRecord(client, streamId);
  return last === undefined
    ? { version: 0n, position: 0n }
    : { version: versionOfRevision(last.revision), position: logPositionOf(last) };
};
