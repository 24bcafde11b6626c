import * as E from "fp-ts/lib/Either.js";
import { LogProcessor } from "../processing/log-processor.js";
import { WorkflowSink } from "../processing/workflow-sink.js";
import type { WorkflowStateStore } from "../processing/workflow-state.js";
import { isDomainError } from "../shared/errors.js";
import type { CheckpointStore } from "../store/checkpoint.js";
import { InMemoryParkedStreamStore, type ParkedStream, type ParkedStreamStore } from "../store/parked.js";
import type { EventStore } from "../store/port.js";
import { requestInstall } from "./install.js";
import {
  installResumption,
  type ResumeInstall,
  type WaitingInstalls,
  waitingCount,
  waitingInstallsSnapshots,
} from "./install-resumption.js";
import type { VppLedger } from "./ledger.js";
import type { ResumedInstall } from "./pending-installs.js";

/** Options of an {@link InstallResumer}. */
export interface InstallResumerOptions {
  /** Checkpoint name; one per resumer (default "install-resumer"). */
  readonly name?: string;
  readonly batchSize?: number;
  /**
   * Where streams it cannot decode are parked (R24); default: in memory, for the resumer's lifetime. Give the
   * durable store that sits beside the checkpoints in production.
   */
  readonly parked?: ParkedStreamStore;
  /** Told about each stream parked (the host's alert). */
  readonly onParked?: (entry: ParkedStream) => void | Promise<void>;
  /**
   * Where the waiting list is snapshotted (the PostgreSQL storage's `workflowStates`), so a restart folds only
   * the log after the last snapshot; without it a restart folds the whole log up to the checkpoint.
   */
  readonly states?: WorkflowStateStore;
  /** Events folded between snapshots; 1,000. */
  readonly snapshotEvery?: number;
}

/**
 * The reactor that finishes installs waiting for the VPP terms (R15): the pure {@link installResumption}
 * workflow on a {@link LogProcessor}. On each `TermsAccepted` it runs the install workflow for that user's
 * waiting apps, under command ids derived from the event, so acting again after a crash is safe. After a
 * restart its waiting list is rebuilt from its last snapshot (`states`) and the log after it up to its
 * checkpoint, without acting. A storage failure
 * stops the pass before the batch that met it; the next `run()` retries it. A failure for good (a corrupt pool)
 * parks the event's stream: every other tenant's installs go on, and the parked ones resume after the repair.
 * Call `run()` whenever new events may have arrived, or drive its `processor` with a `LiveProcessor`.
 */
export class InstallResumer {
  readonly processor: LogProcessor;
  readonly #sink: WorkflowSink<WaitingInstalls, ResumeInstall>;
  #resumed: ResumedInstall[] = [];
  #running: Promise<ResumedInstall[]> | undefined;

  constructor(
    private readonly ledger: VppLedger,
    store: EventStore,
    checkpoints: CheckpointStore,
    options: InstallResumerOptions = {},
  ) {
    const name = options.name ?? "install-resumer";
    const parked = options.parked ?? new InMemoryParkedStreamStore();
    this.#sink = new WorkflowSink({
      name,
      workflow: installResumption,
      perform: (action) => this.#perform(action),
      checkpoints,
      store,
      parked,
      ...(options.states === undefined
        ? {}
        : {
            snapshots: {
              store: options.states,
              ...waitingInstallsSnapshots,
              ...(options.snapshotEvery === undefined ? {} : { everyEvents: options.snapshotEvery }),
            },
          }),
    });
    this.processor = new LogProcessor({
      name,
      store,
      sink: this.#sink,
      parked,
      ...(options.onParked ? { onParked: options.onParked } : {}),
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    });
  }

  /** Processes every event after the checkpoint; concurrent calls share one pass. */
  run(): Promise<ResumedInstall[]> {
    this.#running ??= this.#pass().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  /** Installs still waiting for their user's terms. */
  get waiting(): number {
    return waitingCount(this.#sink.state);
  }

  async #pass(): Promise<ResumedInstall[]> {
    this.#resumed = [];
    try {
      await this.processor.pass();
    } catch (error) {
      // A storage failure: the batch is retried from its checkpoint on the next run. What ran is reported.
      if (!(error instanceof StorageFailed)) throw error;
    }
    return this.#resumed;
  }

  async #perform(action: ResumeInstall): Promise<void> {
    const outcome = await requestInstall(this.ledger, action.request, {
      commandId: action.commandId,
      actor: { kind: "system", id: "install-workflow" },
      causationId: action.causationId,
    });
    this.#resumed.push({ request: action.request, outcome });
    if (E.isLeft(outcome) && !isDomainError(outcome.left)) {
      // A failure for good parks the event's stream (the sink does it); one that may pass stops the run.
      if (!outcome.left.retryable) throw outcome.left;
      throw new StorageFailed(outcome.left);
    }
  }
}

/** Stops a pass whose install met a failure that may pass; the batch is handed over again next run. */
class StorageFailed extends Error {
  constructor(readonly failure: unknown) {
    super("a resumed install met a storage failure that may pass; the next run retries it");
  }
}
