import type { CommandFailure } from "../app/command.js";
import type { LedgerEvent } from "../ledger/streams.js";
import { LogProcessor } from "../processing/log-processor.js";
import type { Workflow } from "../processing/workflow.js";
import { WorkflowSink } from "../processing/workflow-sink.js";
import { isDomainError } from "../shared/errors.js";
import type { CheckpointStore } from "../store/checkpoint.js";
import { InMemoryParkedStreamStore, type ParkedStream, type ParkedStreamStore } from "../store/parked.js";
import type { EventStore } from "../store/port.js";

/** Options of a {@link Reactor}. */
export interface ReactorOptions {
  /** Checkpoint name; one per reactor. */
  readonly name?: string;
  readonly batchSize?: number;
  /** Where streams it cannot decode are parked (R24); default: in memory. Give the durable store in production. */
  readonly parked?: ParkedStreamStore;
  /** Told about each stream parked (the host's alert). */
  readonly onParked?: (entry: ParkedStream) => void | Promise<void>;
}

/**
 * A pure {@link Workflow} on a {@link LogProcessor}, at-least-once: `perform` runs each action it decides. A
 * domain refusal is the action's answer, not a failure; a storage failure that may pass stops the pass before the
 * batch that met it (the next `run()` retries it); one for good parks the event's stream so other tenants go on.
 */
export class Reactor<S, A> {
  readonly processor: LogProcessor;
  readonly #sink: WorkflowSink<S, A>;
  #running: Promise<void> | undefined;

  constructor(
    workflow: Workflow<S, A>,
    perform: (action: A, event: LedgerEvent) => Promise<CommandFailure | undefined>,
    store: EventStore,
    checkpoints: CheckpointStore,
    options: ReactorOptions & { readonly name: string },
  ) {
    const parked = options.parked ?? new InMemoryParkedStreamStore();
    this.#sink = new WorkflowSink({
      name: options.name,
      workflow,
      perform: async (action, event) => {
        const failure = await perform(action, event);
        if (failure === undefined || isDomainError(failure)) return;
        if (!failure.retryable) throw failure;
        throw new StorageFailed(failure);
      },
      checkpoints,
      store,
      parked,
    });
    this.processor = new LogProcessor({
      name: options.name,
      store,
      sink: this.#sink,
      parked,
      ...(options.onParked ? { onParked: options.onParked } : {}),
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    });
  }

  /** The workflow's state after the last committed batch. */
  get state(): S {
    return this.#sink.state;
  }

  /** Processes every event after the checkpoint; concurrent calls share one pass. */
  run(): Promise<void> {
    this.#running ??= this.#pass().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async #pass(): Promise<void> {
    try {
      await this.processor.pass();
    } catch (error) {
      if (!(error instanceof StorageFailed)) throw error;
    }
  }
}

/** Stops a pass whose action met a storage failure that may pass; the batch is handed over again next run. */
class StorageFailed extends Error {
  constructor(readonly failure: unknown) {
    super("a reactor's action met a storage failure that may pass; the next run retries it");
  }
}
