import * as E from "fp-ts/lib/Either.js";
import type { Message } from "../shared/decider.js";
import type { AggregateDefinition } from "./aggregate.js";
import type { LoadDeps, SnapshotFailure } from "./command.js";

const report = (deps: LoadDeps, failure: SnapshotFailure): void => {
  try {
    deps.onSnapshotError?.(failure);
  } catch {
    // A failing log hook must not turn a cache miss into a failed command.
  }
};

/**
 * The stream's snapshot, decoded, or undefined when there is none or it cannot be used: another schema version
 * (the state's shape changed), a decoding failure or an unreachable snapshot store. Then the caller replays
 * events instead; a snapshot is only ever a cache.
 */
export const readSnapshot = async <C extends Message, E extends Message, S>(
  deps: LoadDeps,
  aggregate: AggregateDefinition<C, E, S>,
  streamId: string,
): Promise<{ readonly state: S; readonly version: bigint } | undefined> => {
  if (!deps.snapshots) return undefined;
  try {
    const stored = await deps.snapshots.load(streamId);
    if (stored === undefined || stored.streamId !== streamId || stored.streamVersion < 1n) return undefined;
    if (stored.schemaVersion !== aggregate.snapshot.schemaVersion) return undefined;
    const decoded = aggregate.snapshot.decode(stored.state);
    if (E.isLeft(decoded)) {
      report(deps, { streamId, stage: "decode", error: decoded.left });
      return undefined;
    }
    return { state: decoded.right, version: stored.streamVersion };
  } catch (error) {
    report(deps, { streamId, stage: "load", error });
    return undefined;
  }
};

/**
 * The snapshot policy: snapshot when an append takes the stream across a multiple of `every`, and also when
 * loading had to fold `every` events or more (the snapshot was missing, stale or of an old schema), so loading
 * stays bounded by about `every` events whatever the history.
 */
export const snapshotDue = (before: bigint, after: bigint, eventsLoaded: number, every: number): boolean =>
  after / BigInt(every) > before / BigInt(every) || eventsLoaded >= every;

/** Saves a snapshot; failures are reported to `onSnapshotError` and never thrown. */
export const saveSnapshot = async <C extends Message, E extends Message, S>(
  deps: LoadDeps,
  aggregate: AggregateDefinition<C, E, S>,
  streamId: string,
  state: S,
  version: bigint,
): Promise<void> => {
  if (!deps.snapshots) return;
  let encoded: unknown;
  try {
    encoded = aggregate.snapshot.encode(state);
  } catch (error) {
    report(deps, { streamId, stage: "encode", error });
    return;
  }
  try {
    await deps.snapshots.save({
      streamId,
      streamVersion: version,
      schemaVersion: aggregate.snapshot.schemaVersion,
      state: encoded,
    });
  } catch (error) {
    report(deps, { streamId, stage: "save", error });
  }
};
