import { type FakeLog, metastreamOf } from "./log.js";

/** What an append asked for, in ESDB's terms. */
export type Expected =
  | { readonly kind: "any" }
  | { readonly kind: "no_stream" }
  | { readonly kind: "stream_exists" }
  | { readonly kind: "revision"; readonly revision: bigint };

/** The server's verdict on an append, before anything is written. */
export type CommitDecision =
  | { readonly kind: "ok" }
  /** `current` is the stream's last revision, -1n when it has none. */
  | { readonly kind: "wrong-expected-version"; readonly current: bigint }
  /** Every id is already stored at these revisions: success, nothing written. */
  | { readonly kind: "idempotent"; readonly first: bigint; readonly last: bigint };

/**
 * EventStoreDB's commit check (IndexWriter.CheckCommit), for a stream that was never deleted:
 * - `stream_exists` on a stream without records (and without metadata) is a wrong expected version;
 * - `any` / `stream_exists`: if the first id is in the committed-ids cache for this stream, every id must be
 *   (then the append is idempotent), else "corrupted idempotency", which the server reports as a wrong
 *   expected version; a first id not in the cache means a normal write, whatever the ids;
 * - an expected revision below the current one: the ids must sit at the revisions that follow it (idempotent),
 *   else a wrong expected version; above it: a wrong expected version; equal: a normal write.
 * Ids are compared, never content: a retry with other data under the same ids is "idempotent" to ESDB.
 */
export const checkCommit = (
  log: FakeLog,
  streamName: string,
  expected: Expected,
  eventIds: ReadonlyArray<string>,
): CommitDecision => {
  const current = log.lastRevision(streamName);
  const wrong: CommitDecision = { kind: "wrong-expected-version", current };
  if (expected.kind === "stream_exists" && current < 0n && !log.exists(metastreamOf(streamName)))
    return wrong;

  if (expected.kind === "any" || expected.kind === "stream_exists") {
    let first: bigint | undefined;
    let last = -1n;
    for (const [index, id] of eventIds.entries()) {
      const committed = log.committedId(id);
      if (committed === undefined || committed.streamName !== streamName) {
        return index === 0 ? { kind: "ok" } : wrong;
      }
      first ??= committed.revision;
      last = committed.revision;
    }
    return first === undefined ? { kind: "ok" } : { kind: "idempotent", first, last };
  }

  const expectedRevision = expected.kind === "no_stream" ? -1n : expected.revision;
  if (expectedRevision === current) return { kind: "ok" };
  if (expectedRevision > current) return wrong;
  // Below the current revision: only an exact replay of what follows it is accepted.
  if (eventIds.length === 0) return wrong;
  let revision = expectedRevision;
  for (const id of eventIds) {
    revision += 1n;
    if (log.recordAt(streamName, revision)?.id !== id) return wrong;
  }
  return { kind: "idempotent", first: expectedRevision + 1n, last: revision };
};
