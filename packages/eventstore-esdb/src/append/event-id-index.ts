import { randomUUID } from "node:crypto";
import { ANY, type EventStoreDBClient, type JSONEventData, NO_STREAM } from "@eventstore/db-client";
import { CorruptEvent } from "@vpp-ledger/core";
import { callClient, isWrongExpectedVersion, translateClientError } from "../client/errors.js";
import { readStreamPage } from "../client/reads.js";
import { versionOfRevision } from "../mapping/revision.js";
import { mapLimit } from "./map-limit.js";

/** ESDB event type of an index entry. */
export const CLAIM_EVENT_TYPE = "vpp-ledger.event-id-claimed";

/**
 * The event-id index: ESDB has no lookup by event id, so each id gets a small stream of its own
 * (`<prefix><event id>`) whose entries say "this id goes to stream S at version v". The first entry, written
 * with expected revision NO_STREAM, makes S the id's owner for good; later entries (retries of the same
 * command after a race) add other versions in S. An entry is written before the append it announces, so
 * every stored event has an entry with its exact version; entries of appends that failed are harmless,
 * because readers check them against the stream.
 */
export interface EventIdIndex {
  readonly client: EventStoreDBClient;
  readonly prefix: string;
  /** Index calls in flight at once. */
  readonly concurrency: number;
}

/** One entry of an id's index stream. */
export interface Claim {
  readonly streamId: string;
  readonly version: bigint;
}

/** Where an id should go: this id, at this version of the stream being appended to. */
export interface Placement {
  readonly id: string;
  readonly version: bigint;
}

const indexStreamOf = (index: EventIdIndex, eventId: string): string => `${index.prefix}${eventId}`;

const claimEvent = (streamId: string, version: bigint, appendId: string): JSONEventData => ({
  id: randomUUID(),
  contentType: "application/json",
  type: CLAIM_EVENT_TYPE,
  data: { streamId, version: version.toString(), appendId },
  metadata: undefined,
});

/**
 * Creates the index stream of every id that has none, recording its placement in `streamId`. Returns the ids
 * whose index stream already existed (the id was seen before, here or elsewhere): those need a lookup.
 */
export const claimNewIds = async (
  index: EventIdIndex,
  streamId: string,
  placements: ReadonlyArray<Placement>,
  appendId: string,
): Promise<Set<string>> => {
  const taken = await mapLimit(placements, index.concurrency, async ({ id, version }) => {
    try {
      await index.client.appendToStream(indexStreamOf(index, id), claimEvent(streamId, version, appendId), {
        expectedRevision: NO_STREAM,
      });
      return undefined;
    } catch (error) {
      if (isWrongExpectedVersion(error)) return id;
      throw translateClientError(error, `an event-id index write for stream ${streamId}`);
    }
  });
  return new Set(taken.filter((id): id is string => id !== undefined));
};

/** Adds placements for ids `streamId` already owns (a retried command after a race moved the stream on). */
export const recordPlacements = async (
  index: EventIdIndex,
  streamId: string,
  placements: ReadonlyArray<Placement>,
  appendId: string,
): Promise<void> => {
  await mapLimit(placements, index.concurrency, ({ id, version }) =>
    callClient(`an event-id index write for stream ${streamId}`, () =>
      index.client.appendToStream(indexStreamOf(index, id), claimEvent(streamId, version, appendId), {
        expectedRevision: ANY,
      }),
    ),
  );
};

const PAGE = 100;
const DIGITS = /^[1-9]\d*$/;

/** Every entry of an id's index stream, oldest (the owner's) first; none when the id was never claimed. */
export const readClaims = async (index: EventIdIndex, eventId: string): Promise<Claim[]> => {
  const stream = indexStreamOf(index, eventId);
  const claims: Claim[] = [];
  for (let from = 0n; ; from += BigInt(PAGE)) {
    const page = await readStreamPage(index.client, stream, from, PAGE);
    for (const record of page) {
      const data = record.data as { streamId?: unknown; version?: unknown } | null;
      const streamId = typeof data === "object" && data !== null ? data.streamId : undefined;
      const version = typeof data === "object" && data !== null ? data.version : undefined;
      if (typeof streamId !== "string" || typeof version !== "string" || !DIGITS.test(version)) {
        const path = typeof streamId !== "string" ? "data.streamId" : "data.version";
        throw new CorruptEvent(stream, versionOfRevision(record.revision), record.type, path, "is malformed");
      }
      claims.push({ streamId, version: BigInt(version) });
    }
    if (page.length < PAGE) return claims;
  }
};
