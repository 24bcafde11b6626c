import type { RecordedEvent } from "@vpp-ledger/core";
import { readStreamPage } from "../client/reads.js";
import { decodeLedgerRecord } from "../codec/decode-event.js";
import { revisionOfVersion } from "../mapping/revision.js";
import { type EventIdIndex, readClaims } from "./event-id-index.js";
import { mapLimit } from "./map-limit.js";

/** What the index and the stream say about some event ids. */
export interface StoredEvents {
  /** The ids stored in the stream, with the events found there. */
  readonly stored: ReadonlyMap<string, RecordedEvent>;
  /** The first id (in the order given) owned by another stream: the batch reuses another stream's id. */
  readonly ownedElsewhere?: string;
}

const MAX_PAGE = 1_000;

/** Runs of consecutive versions, so a retried batch's versions are read in one page, not one by one. */
const runsOf = (versions: ReadonlyArray<bigint>): Array<{ from: bigint; count: number }> => {
  const sorted = [...new Set(versions)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const runs: Array<{ from: bigint; count: number }> = [];
  for (const version of sorted) {
    const last = runs.at(-1);
    if (last && last.from + BigInt(last.count) === version && last.count < MAX_PAGE) last.count++;
    else runs.push({ from: version, count: 1 });
  }
  return runs;
};

/**
 * Looks ids up through the index, then checks each claimed version against the stream itself: an entry is
 * only a promise (its append may have failed), the stream is the truth. Costs one index read per id and one
 * stream read per run of claimed versions.
 */
export const findStoredEvents = async (
  index: EventIdIndex,
  streamId: string,
  ids: ReadonlyArray<string>,
): Promise<StoredEvents> => {
  const claims = await mapLimit(ids, index.concurrency, (id) => readClaims(index, id));
  const ownedElsewhere = ids.find((_, i) => {
    const owner = claims[i]?.[0];
    return owner !== undefined && owner.streamId !== streamId;
  });
  const candidates = claims.flatMap((entries) =>
    entries.filter((claim) => claim.streamId === streamId).map((claim) => claim.version),
  );
  const atVersion = new Map<bigint, RecordedEvent>();
  for (const run of runsOf(candidates)) {
    const page = await readStreamPage(index.client, streamId, revisionOfVersion(run.from), run.count);
    for (const record of page) {
      const event = decodeLedgerRecord(record);
      atVersion.set(event.streamVersion, event);
    }
  }
  const stored = new Map<string, RecordedEvent>();
  ids.forEach((id, i) => {
    for (const claim of claims[i] ?? []) {
      const event = claim.streamId === streamId ? atVersion.get(claim.version) : undefined;
      if (event?.id === id) stored.set(id, event);
    }
  });
  return ownedElsewhere === undefined ? { stored } : { stored, ownedElsewhere };
};
