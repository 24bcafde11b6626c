import type { LedgerEvent } from "../ledger/streams.js";
import { parksStream, readLedgerLog } from "../log/read-ledger-log.js";
import type { CheckpointStore } from "../store/checkpoint.js";
import type { ParkedStreamStore } from "../store/parked.js";
import type { EventStore } from "../store/port.js";
import type { BatchSink, ProcessorBatch } from "./sink.js";
import type { Workflow } from "./workflow.js";
import type { WorkflowSnapshots } from "./workflow-state.js";

/** What a {@link WorkflowSink} needs. */
export interface WorkflowSinkOptions<S, A> {
  /** The processor's name: the checkpoint's. */
  readonly name: string;
  readonly workflow: Workflow<S, A>;
  /**
   * Performs one action. Throwing a non-retryable `LedgerError` parks the event's stream (R24); anything else
   * stops the batch, to be retried from the checkpoint. Actions must be idempotent (at-least-once).
   */
  readonly perform: (action: A, event: LedgerEvent) => Promise<void>;
  readonly checkpoints: CheckpointStore;
  /** The log and parked streams, to rebuild the workflow's state up to the checkpoint after a restart. */
  readonly store: EventStore;
  readonly parked: ParkedStreamStore;
  /**
   * Snapshots of the state, so a restart folds only the log after the last one. Without them a restart folds
   * the whole log up to the checkpoint.
   */
  readonly snapshots?: WorkflowSnapshots<S>;
}

/**
 * Runs a {@link Workflow} as a processor's sink, at-least-once: for each event, `decide` on the state before it,
 * perform the actions, `evolve`; then save the checkpoint. The state is immutable, so a batch works on its own
 * copy and only a batch whose checkpoint was saved changes the sink's state: a failed batch is replayed from the
 * state it started from. After a restart the state is rebuilt by evolving the log up to the checkpoint (no
 * action is performed again for it), from the last snapshot when `snapshots` are given: a snapshot is saved
 * after the checkpoint, so it never holds an event whose actions did not run.
 */
export class WorkflowSink<S, A> implements BatchSink {
  #state: S;
  #primed = false;
  #sinceSnapshot = 0;

  constructor(readonly options: WorkflowSinkOptions<S, A>) {
    this.#state = options.workflow.initialState;
  }

  /** The workflow's state after the last committed batch. */
  get state(): S {
    return this.#state;
  }

  async position(): Promise<bigint | undefined> {
    const checkpoint = await this.options.checkpoints.load(this.options.name);
    if (!this.#primed) {
      this.#state = await this.#rebuild(checkpoint);
      this.#primed = true;
    }
    return checkpoint;
  }

  async commit(batch: ProcessorBatch): Promise<void> {
    const { workflow, perform } = this.options;
    let state = this.#state;
    const parkedNow = new Set<string>();
    for (const event of batch.events) {
      if (parkedNow.has(event.place.streamId)) continue;
      try {
        for (const action of workflow.decide(event, state)) await perform(action, event);
      } catch (error) {
        if (!parksStream(error) || !batch.park) throw error;
        // Not evolved: the event is held back with its stream and handed over again after the repair.
        await batch.park(event, error);
        parkedNow.add(event.place.streamId);
        continue;
      }
      state = workflow.evolve(state, event);
    }
    await this.options.checkpoints.save(this.options.name, batch.position);
    this.#state = state;
    await this.#snapshot(batch.position, batch.events.length);
  }

  async #snapshot(position: bigint, events: number): Promise<void> {
    const { snapshots, name } = this.options;
    if (snapshots === undefined) return;
    this.#sinceSnapshot += events;
    if (this.#sinceSnapshot < (snapshots.everyEvents ?? 1_000)) return;
    await snapshots.store.save(name, { position, state: snapshots.encode(this.#state) });
    this.#sinceSnapshot = 0;
  }

  /** The last snapshot at or before the checkpoint that decodes; one beyond it (its batch failed) is not used. */
  async #start(upTo: bigint): Promise<{ state: S; after?: bigint }> {
    const { workflow, snapshots, name } = this.options;
    const saved = await snapshots?.store.load(name);
    let state: S | undefined;
    try {
      state = saved && saved.position <= upTo ? snapshots?.decode(saved.state) : undefined;
    } catch {
      // A snapshot this version cannot read is no snapshot: the log is folded from the start instead.
    }
    return saved && state !== undefined ? { state, after: saved.position } : { state: workflow.initialState };
  }

  async #rebuild(upTo: bigint | undefined): Promise<S> {
    if (upTo === undefined) return this.options.workflow.initialState;
    const start = await this.#start(upTo);
    let { state } = start;
    const log = readLedgerLog(this.options.store, {
      reader: this.options.name,
      parked: this.options.parked,
      ...(start.after === undefined ? {} : { after: start.after }),
    });
    for await (const entry of log) {
      if (entry.recorded.globalPosition > upTo) break;
      if (entry.kind === "event") state = this.options.workflow.evolve(state, entry.event);
    }
    return state;
  }
}
