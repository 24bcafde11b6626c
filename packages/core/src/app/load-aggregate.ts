import type { Message } from "../shared/decider.js";
import { asLedgerError } from "../store/errors.js";
import type { RecordedEvent } from "../store/port.js";
import type { AggregateDefinition } from "./aggregate.js";
import type { LoadDeps } from "./command.js";
import { decodeRecordedEvent } from "./decode-event.js";
import { readSnapshot } from "./snapshots.js";

/**
 * Events decoded before each `decider.fold`. A fold may copy a large part of the state once (a pool's holders
 * map), so small batches would make a replay cost O(N × state / batch); 16,384 decoded events (a few MB) keep
 * a replay without snapshot linear for pools of 100,000 holders while memory stays bounded.
 */
const FOLD_BATCH = 16_384;

/** An aggregate's state and the stream version it is at (0n: no events). */
export interface LoadedAggregate<S> {
  readonly state: S;
  readonly version: bigint;
}

/** A load, with what the command handler needs to know about how it went. */
export interface LoadedStream<S> extends LoadedAggregate<S> {
  /** Version of the snapshot or cached state the load started from; 0n when it started from the initial state. */
  readonly snapshotVersion: bigint;
  /** Events read after the snapshot. */
  readonly eventsRead: number;
}

/** Options of {@link loadStream}. */
export interface LoadOptions {
  /** False replays from the first event, ignoring any snapshot. */
  readonly useSnapshot?: boolean;
  /** Sees every stored event read, before it is decoded. */
  readonly observe?: (event: RecordedEvent) => void;
}

/** Loads from the latest usable snapshot plus the events after it, decoded and folded in batches. */
export const loadStream = async <C extends Message, E extends Message, S>(
  deps: LoadDeps,
  aggregate: AggregateDefinition<C, E, S>,
  streamId: string,
  options: LoadOptions = {},
): Promise<LoadedStream<S>> => {
  const cached =
    options.useSnapshot === false ? undefined : deps.stateCache?.get<S>(aggregate.name, streamId);
  const snapshot =
    cached ?? (options.useSnapshot === false ? undefined : await readSnapshot(deps, aggregate, streamId));
  const snapshotVersion = snapshot?.version ?? 0n;
  let state = snapshot?.state ?? aggregate.decider.initialState;
  let version = snapshotVersion;
  let eventsRead = 0;
  let batch: E[] = [];
  try {
    for await (const recorded of deps.store.readStream(streamId, { after: snapshotVersion })) {
      options.observe?.(recorded);
      batch.push(decodeRecordedEvent(aggregate.events, recorded));
      version = recorded.streamVersion;
      eventsRead++;
      if (batch.length >= FOLD_BATCH) {
        state = aggregate.decider.fold(state, batch);
        batch = [];
      }
    }
  } catch (error) {
    // A raw driver error may echo stored values: callers only ever see a typed error.
    throw asLedgerError(error, `stream ${streamId}: read`);
  }
  if (batch.length > 0) state = aggregate.decider.fold(state, batch);
  if (version > 0n) deps.stateCache?.set(aggregate.name, streamId, version, state);
  return { state, version, snapshotVersion, eventsRead };
};

/**
 * An aggregate's current state: the latest usable snapshot plus the events after it, so the cost does not grow
 * with the stream's history. Throws a `LedgerError`: a {@link CorruptEvent} for
 * an event that cannot be decoded, or the store's own error.
 */
export const loadAggregate = async <C extends Message, E extends Message, S>(
  deps: LoadDeps,
  aggregate: AggregateDefinition<C, E, S>,
  streamId: string,
): Promise<LoadedAggregate<S>> => {
  const { state, version } = await loadStream(deps, aggregate, streamId);
  return { state, version };
};
