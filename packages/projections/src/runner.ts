import {
  type CheckpointStore,
  type EventStore,
  InMemoryParkedStreamStore,
  type LedgerEvent,
  type ParkedStream,
  type ParkedStreamStore,
  readLedgerLog,
  resumeParkedStreams,
} from "@vpp-ledger/core";
import type { Projection } from "./projection.js";

/** Options of {@link project}. */
export interface ProjectOptions {
  /** Resume after this global position (exclusive). Default: from the start. */
  readonly after?: bigint;
  /** Stop after this position (inclusive): rebuild a read model as it was at a point in the log. */
  readonly until?: bigint;
  readonly batchSize?: number;
  /** The reader name streams are parked under (default: the projections' names joined by "+"). */
  readonly reader?: string;
  /**
   * Where streams with undecodable events are parked (R24); default: in memory for this run only. Give a durable
   * one with a durable checkpoint, so a parked stream is resumed after its repair.
   */
  readonly parked?: ParkedStreamStore;
  /** Told about each stream parked (the host's alert). */
  readonly onParked?: (entry: ParkedStream) => void | Promise<void>;
}

/** What a projection run did. */
export interface ProjectResult {
  readonly events: number;
  /** Position of the last event applied, or `after` when none was. */
  readonly position: bigint | undefined;
  /** Streams parked during the run: their events are missing from the read models until repaired. */
  readonly parked: ReadonlyArray<ParkedStream>;
  /** Parked streams that decoded again and were applied before the run read on. */
  readonly resumed: ReadonlyArray<ParkedStream>;
}

/**
 * Feeds the global log, in order, to projections. Streams events (bounded memory); events of streams that are not
 * the ledger's are skipped. An event that cannot be decoded parks its own stream (R24: reported in the result and
 * to `onParked`) and the run goes on for every other stream; a parked stream that decodes again is applied first.
 */
export const project = async (
  store: EventStore,
  projections: ReadonlyArray<Projection>,
  options: ProjectOptions = {},
): Promise<ProjectResult> => {
  let events = 0;
  let position = options.after;
  const parked: ParkedStream[] = [];
  const log = {
    reader: options.reader ?? projections.map((projection) => projection.name).join("+"),
    parked: options.parked ?? new InMemoryParkedStreamStore(),
    ...(options.onParked ? { onParked: options.onParked } : {}),
  };
  const apply = async (event: LedgerEvent): Promise<void> => {
    for (const projection of projections) projection.apply(event);
  };
  const { resumed } = await resumeParkedStreams(store, { ...log, upTo: options.after, handle: apply });
  const read = readLedgerLog(store, {
    ...log,
    ...(options.after === undefined ? {} : { after: options.after }),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
  });
  for await (const entry of read) {
    if (options.until !== undefined && entry.recorded.globalPosition > options.until) break;
    if (entry.kind === "event") await apply(entry.event);
    if (entry.kind === "parked") parked.push(entry.entry);
    position = entry.recorded.globalPosition;
    events += 1;
  }
  return { events, position, parked, resumed };
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
    reader: projection.name,
    ...options,
    ...(after === undefined ? {} : { after }),
  });
  if (result.position !== undefined && result.position !== after)
    await checkpoints.save(projection.name, result.position);
  return result;
};
