import { checkCommit, type Expected } from "./commit-check.js";
import type { FakeLog, ProposedRecord } from "./log.js";

/** ESDB's default `MaxAppendSize`: 1 MiB of event data and metadata per append. */
export const DEFAULT_MAX_APPEND_SIZE = 1_048_576;

/** What an append came to, whichever wire call carried it. */
export type CommitOutcome =
  /** `revision` -1n: the stream still has no records (an empty append to a missing stream). */
  | { readonly kind: "success"; readonly revision: bigint; readonly position: bigint | undefined }
  | { readonly kind: "wrong-expected-version"; readonly current: bigint }
  | { readonly kind: "too-big"; readonly maxAppendSize: number };

/**
 * Checks and applies one append in a single synchronous step, so appends are serialised like ESDB's single
 * writer. An idempotent append is answered like a write (the ids' last revision and its log position), as
 * ESDB 21+ does: the client cannot tell the two apart.
 */
export const commitAppend = (
  log: FakeLog,
  streamName: string,
  expected: Expected,
  records: ReadonlyArray<ProposedRecord>,
  maxAppendSize: number,
): CommitOutcome => {
  const size = records.reduce((sum, record) => sum + record.data.length + record.metadata.length, 0);
  if (size > maxAppendSize) return { kind: "too-big", maxAppendSize };
  const decision = checkCommit(
    log,
    streamName,
    expected,
    records.map((record) => record.id),
  );
  if (decision.kind === "wrong-expected-version") return decision;
  if (decision.kind === "idempotent") {
    return {
      kind: "success",
      revision: decision.last,
      position: log.recordAt(streamName, decision.last)?.position,
    };
  }
  const written = log.write(streamName, records);
  return { kind: "success", revision: log.lastRevision(streamName), position: written.at(-1)?.position };
};
