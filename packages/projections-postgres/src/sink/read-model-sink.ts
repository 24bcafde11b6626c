import type { BatchSink, ProcessorBatch } from "@vpp-ledger/core";
import { assertLeaseHeld, type SqlClient } from "@vpp-ledger/eventstore-postgres";
import { applyEvents } from "../apply/apply-batch.js";
import { AnalyzeSchedule, analyzeGeneration } from "./analyze.js";
import { ReadModelSinkMisconfigured } from "./errors.js";
import { type GenerationPosition, movePosition, readGenerationPosition } from "./positions.js";
import { dropResumedTwice } from "./resumed.js";

/** How a {@link ReadModelSink} commits. */
export interface ReadModelSinkOptions {
  /** The processor's name: its position is kept under it. One name per read models. */
  readonly processor: string;
  /** A generation being built (a rebuild); omitted, the sink follows the serving generation. */
  readonly generation?: number;
  /**
   * The event store's schema, where `batch.lease` is checked (`assertLeaseHeld`) when a `LeasedProcessor` runs
   * the sink; the read models must then live in the same database. A leased batch without it is refused.
   */
  readonly leaseSchema?: string;
  /** Told after each commit (a rebuild's progress). */
  readonly onCommit?: (committed: {
    readonly generation: number;
    readonly position: bigint;
    readonly events: number;
  }) => void;
}

/**
 * The exactly-once {@link BatchSink} of the durable read models: each batch's changes to all five read models and
 * the processor's new position commit in one transaction, so a crash never applies an event twice or skips one.
 * The position lives in the read models' own `positions` table, per generation. A pass pins the generation and
 * position it began from (`position()`); a commit refuses, writing nothing, if either moved since (a switch by a
 * rebuild, another instance of the processor), and the next pass starts over from the new state.
 */
export class ReadModelSink implements BatchSink {
  #pinned: GenerationPosition | undefined;
  readonly #analyze = new AnalyzeSchedule();

  constructor(
    private readonly client: SqlClient,
    private readonly schema: string,
    readonly options: ReadModelSinkOptions,
  ) {}

  /** The generation the current pass writes, once `position()` pinned it. */
  get generation(): number | undefined {
    return this.#pinned?.generation;
  }

  /**
   * Begins a pass: reads the generation this sink writes and the processor's position in it, and pins both; the
   * following commits continue from them. Call it only from the processor that then commits (core's processors
   * do, at the start of each pass): re-pinning while another pass of this sink is between commits would let
   * that pass continue from a position it did not read from.
   */
  async position(): Promise<bigint | undefined> {
    const { processor, generation } = this.options;
    this.#pinned = await readGenerationPosition(this.client, this.schema, processor, generation);
    return this.#pinned.position;
  }

  /** Applies the batch to the pinned generation and moves the position, in one transaction (see the class). */
  async commit(batch: ProcessorBatch): Promise<void> {
    if (this.#pinned === undefined) await this.position();
    const from = this.#pinned;
    if (from === undefined) throw new ReadModelSinkMisconfigured("no generation to write");
    const { processor, leaseSchema } = this.options;
    let applied = 0;
    await this.client.transaction(async (tx) => {
      // The lease first, so its row lock is held from the start: a takeover waits for this batch to end.
      if (batch.lease !== undefined) {
        if (leaseSchema === undefined)
          throw new ReadModelSinkMisconfigured("a leased batch needs leaseSchema");
        await assertLeaseHeld(tx, leaseSchema, batch.lease);
      }
      await movePosition(
        tx,
        this.schema,
        processor,
        this.options.generation !== undefined,
        from,
        batch.position,
      );
      const events = await dropResumedTwice(tx, this.schema, from.generation, from.position, batch.events);
      await applyEvents({ tx, schema: this.schema, generation: from.generation }, events);
      applied = events.length;
    });
    this.#pinned = { generation: from.generation, position: batch.position };
    // After the commit, outside its transaction: statistics for the queries, never a reason to fail the batch.
    if (this.#analyze.applied(applied)) {
      await analyzeGeneration(this.client, this.schema, from.generation).catch(() => undefined);
    }
    this.options.onCommit?.({ generation: from.generation, position: batch.position, events: applied });
  }
}
