import { type CheckpointStore, decodeLedgerEvent, type EventStore } from "@vpp-ledger/core";
import type { Projection } from "./projection.js";

/** Options of {@link project}. */
export interface ProjectOptions {
  /** Resume after this global position (exclusive). Default: from the start. */
  readonly after?: bigint;
  /** Stop after this position (inclusive): rebuild a read model as it was at a point in the log. */
  readonly until?: bigint;
  readonly batchSize?: number;
}

/** What a projection run did. */
export interface ProjectResult {
  readonly events: number;
  /** Position of the last event applied, or `after` when none was. */
  readonly position: bigint | undefined;
}

/**
 * Feeds the global log, in order, to projections. Streams events (bounded memory); events of streams that are not
 * the ledger's are skipped; a corrupt event stops the run with a `CorruptEvent` error naming it.
 */
export const project = async (
  store: EventStore,
  projections: ReadonlyArray<Projection>,
  options: ProjectOptions = {},
): Promise<ProjectResult> => {
  let events = 0;
  let position = options.after;
  const read = store.readAll({
    ...(options.after === undefined ? {} : { after: options.after }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
  });
  for await (const recorded of read) {
    if (options.until !== undefined && recorded.globalPosition > options.until) break;
    const decoded = decodeLedgerEvent(recorded);
    if (decoded) for (const projection of projections) projection.apply(decoded);
    position = recorded.globalPosition;
    events += 1;
  }
  return { events, position };
};

/** Brings one projection up to date from its checkpoint and saves the new checkpoint (resumable catch-up). */
export const catchUp = async (
  store: EventStore,
  projection: Projection,
  checkpoints: CheckpointStore,
  options: Omit<ProjectOptions, "after"> = {},
): Promise<ProjectResult> => {
  const after = await checkpoints.load(projection.name);
  const result = await project(store, [projection], {
    ...options,
    ...(after === undefined ? {} : { after }),
  });
  if (result.position !== undefined && result.position !== after)
    await checkpoints.save(projection.name, result.position);
  return result;
};
