import { type AppendExpectedRevision, type CurrentRevision, NO_STREAM } from "@eventstore/db-client";
import type { ExpectedVersion } from "@vpp-ledger/core";

// The port counts versions from 1 (0n: no events); EventStoreDB counts revisions from 0 (no stream: none).

/** Port version of the event at ESDB revision `revision`. */
export const versionOfRevision = (revision: bigint): bigint => revision + 1n;

/** ESDB revision of the event at port version `version` (>= 1n). */
export const revisionOfVersion = (version: bigint): bigint => version - 1n;

/** Port version of a stream ESDB reports at `current` (`"no_stream"` is version 0n). */
export const versionOfCurrent = (current: CurrentRevision): bigint =>
  current === NO_STREAM ? 0n : versionOfRevision(current);

/**
 * ESDB's expected revision for an append the adapter has checked against the stream at `observed`: the
 * port's `"no_stream"` and `0n` are `NO_STREAM`, a version `n` is revision `n - 1`. `"any"` and
 * `"stream_exists"` were already checked against `observed`, so they become the exact revision seen: ESDB
 * then refuses the append if anything was written in between, and the event-id index (which records the
 * versions the events will take) stays exact. The adapter retries those two on such a race.
 */
export const expectedRevisionFor = (expected: ExpectedVersion, observed: bigint): AppendExpectedRevision => {
  const version = typeof expected === "bigint" ? expected : expected === "no_stream" ? 0n : observed;
  return version === 0n ? NO_STREAM : revisionOfVersion(version);
};
