import type { EventStoreDBClient } from "@eventstore/db-client";
import type { AppendResult, EventToAppend, ExpectedVersion, RecordedEvent } from "@vpp-ledger/core";
import { classifyAppend } from "@vpp-ledger/core/adapter-kit";
import { readStreamPage } from "../client/reads.js";
import { appendIdOf, decodeLedgerRecord } from "../codec/decode-event.js";
import { revisionOfVersion } from "../mapping/revision.js";

/** The answer to a retry: where its events already are, nothing written. */
export const retriedAt = (last: RecordedEvent): AppendResult => ({
  nextExpectedVersion: last.streamVersion,
  lastGlobalPosition: last.globalPosition,
  written: false,
});

/**
 * After ESDB accepted an append at versions `base + 1 …`, tells a write from ESDB's idempotent answer (it
 * accepts a batch whose ids already sit at those versions without writing it, and says so no differently):
 * the last event carries this call's `appendId` only if this call wrote it. Otherwise a concurrent copy of
 * the batch got there first, and the core's rules decide whether it is the same content (a retry) or not (an
 * IdempotencyViolation, which ESDB itself never checks: it compares ids only).
 */
export const confirmAppend = async (
  client: EventStoreDBClient,
  streamId: string,
  events: ReadonlyArray<EventToAppend>,
  expected: ExpectedVersion,
  base: bigint,
  appendId: string,
): Promise<AppendResult> => {
  const lastVersion = base + BigInt(events.length);
  const [last] = await readStreamPage(client, streamId, revisionOfVersion(lastVersion), 1);
  if (last !== undefined && appendIdOf(last) === appendId) {
    const event = decodeLedgerRecord(last);
    return {
      nextExpectedVersion: event.streamVersion,
      lastGlobalPosition: event.globalPosition,
      written: true,
    };
  }
  const page = await readStreamPage(client, streamId, revisionOfVersion(base + 1n), events.length);
  const stored = new Map(page.map(decodeLedgerRecord).map((event) => [event.id, event]));
  const classification = classifyAppend(streamId, events, expected, (id) => stored.get(id));
  if (classification.kind === "new") {
    throw new Error(
      `stream ${streamId}: EventStoreDB accepted an append at version ${base + 1n} but the batch is not ` +
        "there; the stream was changed by another writer than this adapter",
    );
  }
  return retriedAt(classification.last);
};
