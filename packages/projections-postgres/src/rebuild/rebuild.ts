import {
  type BatchSink,
  type EventStore,
  LogProcessor,
  type ParkedStream,
  type ParkedStreamStore,
} from "@vpp-ledger/core";
import type { SqlClient } from "@vpp-ledger/eventstore-postgres";
import { analyzeGeneration } from "../sink/analyze.js";
import { GenerationParkedStreams } from "../sink/generation-parked.js";
import { readGenerationPosition } from "../sink/positions.js";
import { ReadModelSink } from "../sink/read-model-sink.js";
import { beginGeneration, dropGeneration, switchServing } from "./generations.js";

/** Where a rebuild stands, as told to {@link RebuildOptions.onProgress}. */
export interface RebuildProgress {
  readonly generation: number;
  /** `building` after each batch; `switched` once queries read the new generation; `dropped` at the end. */
  readonly phase: "building" | "switched" | "dropped";
  /** Ledger events applied to the new generation by this rebuild so far. */
  readonly events: number;
  /** The new generation's position in the log. */
  readonly position: bigint | undefined;
  /** The head of the log when last asked (undefined if the store cannot tell). */
  readonly head: bigint | undefined;
}

/** How to rebuild. */
export interface RebuildOptions {
  /** The log. */
  readonly store: EventStore;
  /** The processor's parked streams (the serving one's durable store: entries are kept per generation). */
  readonly parked: ParkedStreamStore;
  /** The name of the processor that feeds the read models: the new generation is handed over to it. */
  readonly processor: string;
  readonly batchSize?: number;
  readonly onProgress?: (progress: RebuildProgress) => void;
  readonly onParked?: (entry: ParkedStream) => void | Promise<void>;
  /**
   * Catch-up passes tried before switching while the serving generation is still ahead (its processor keeps
   * applying new events meanwhile); after them the switch happens anyway and the processor catches the new
   * generation up at its next pass. 5 unless set.
   */
  readonly switchAttempts?: number;
  /** Keep the previous generation's tables after the switch (drop it later with `dropGeneration`). */
  readonly keepPrevious?: boolean;
}

/** What a rebuild did. */
export interface RebuildReport {
  readonly generation: number;
  readonly previous: number;
  /** True when it went on with a generation an interrupted rebuild had started. */
  readonly resumed: boolean;
  readonly events: number;
  readonly position: bigint | undefined;
  /** Catch-up passes after the first, until the new generation had read as far as the serving one. */
  readonly extraPasses: number;
}

/**
 * Rebuilds all five read models without downtime (issue 8, item 5): fills a new generation from position 0 with
 * a {@link LogProcessor} while the serving generation keeps answering queries and following the log, then
 * switches atomically (one transaction moves the `serving` pointer every query reads) and drops the old
 * generation. A rebuild interrupted by a crash is resumed by the next call, from the new generation's own
 * position. Run one rebuild at a time.
 */
export const rebuildReadModels = async (
  client: SqlClient,
  schema: string,
  options: RebuildOptions,
): Promise<RebuildReport> => {
  // Refuses early when another processor name feeds the serving generation: the new one could not be handed over.
  await readGenerationPosition(client, schema, options.processor, undefined);
  const { generation, resumed } = await beginGeneration(client, schema);
  let events = 0;
  let position: bigint | undefined;
  let head: bigint | undefined;
  const report = (phase: RebuildProgress["phase"]) =>
    options.onProgress?.({ generation, phase, events, position, head });
  const sink = new ReadModelSink(client, schema, { processor: options.processor, generation });
  const progress: BatchSink = {
    position: () => sink.position(),
    commit: async (batch) => {
      await sink.commit(batch);
      events += batch.events.length;
      position = batch.position;
      head = options.store.headPosition ? await options.store.headPosition() : undefined;
      report("building");
    },
  };
  const processor = new LogProcessor({
    name: options.processor,
    store: options.store,
    sink: progress,
    parked: new GenerationParkedStreams(options.parked, () => sink.generation),
    ...(options.onParked ? { onParked: options.onParked } : {}),
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
  });
  await processor.pass();
  // Statistics before the switch: the first queries on the new generation get the plans the old one had.
  await analyzeGeneration(client, schema, generation);
  const attempts = options.switchAttempts ?? 5;
  let extraPasses = 0;
  for (;;) {
    position = await sink.position();
    const outcome = await switchServing(client, schema, generation, extraPasses >= attempts);
    if (outcome.switched) {
      report("switched");
      if (!options.keepPrevious) {
        await dropGeneration(client, schema, outcome.previous);
        await releaseParked(options.parked, outcome.previous);
        report("dropped");
      }
      return { generation, previous: outcome.previous, resumed, events, position, extraPasses };
    }
    extraPasses += 1;
    await processor.pass();
  }
};

/** Forgets the parked entries of a dropped generation (kept per generation: `<processor>#g<n>`). */
const releaseParked = async (parked: ParkedStreamStore, generation: number): Promise<void> => {
  for (const entry of await parked.list()) {
    if (entry.reader.endsWith(`#g${generation}`)) await parked.release(entry.reader, entry.streamId);
  }
};
