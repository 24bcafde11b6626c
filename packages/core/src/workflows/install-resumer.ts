import * as E from "fp-ts/lib/Either.js";
import { decodeLedgerEvent } from "../ledger/streams.js";
import { isDomainError } from "../shared/errors.js";
import type { CheckpointStore } from "../store/checkpoint.js";
import type { EventStore } from "../store/port.js";
import type { VppLedger } from "./ledger.js";
import { PendingInstalls, type ResumedInstall, resumeInstalls } from "./pending-installs.js";

/** Options of an {@link InstallResumer}. */
export interface InstallResumerOptions {
  /** Checkpoint name; one per resumer (default "install-resumer"). */
  readonly name?: string;
  readonly batchSize?: number;
}

/**
 * The reactor that finishes installs waiting for the VPP terms (R15): it follows the global log from its
 * checkpoint and, on each `TermsAccepted`, runs the install workflow for that user's waiting apps. Its first
 * run rebuilds the waiting list from the start of the log up to the checkpoint without acting, so a restart
 * never forgets a waiting install; acting again after a crash is safe (command ids derive from the event).
 * A storage failure stops the pass before the event that caused it; the next `run()` retries it.
 * Call `run()` whenever new events may have arrived (after commands, on a timer, from a notification).
 */
export class InstallResumer {
  readonly #pending = new PendingInstalls();
  readonly #name: string;
  #position: bigint | undefined;
  #primed = false;
  #running: Promise<ResumedInstall[]> | undefined;

  constructor(
    private readonly ledger: VppLedger,
    private readonly store: EventStore,
    private readonly checkpoints: CheckpointStore,
    private readonly options: InstallResumerOptions = {},
  ) {
    this.#name = options.name ?? "install-resumer";
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
    return this.#pending.size;
  }

  async #pass(): Promise<ResumedInstall[]> {
    const batch = this.options.batchSize === undefined ? {} : { batchSize: this.options.batchSize };
    if (!this.#primed) {
      const checkpoint = await this.checkpoints.load(this.#name);
      if (checkpoint !== undefined) {
        for await (const recorded of this.store.readAll(batch)) {
          if (recorded.globalPosition > checkpoint) break;
          const event = decodeLedgerEvent(recorded);
          if (event) this.#pending.apply(event);
        }
      }
      this.#position = checkpoint;
      this.#primed = true;
    }
    const resumed: ResumedInstall[] = [];
    const after = this.#position === undefined ? {} : { after: this.#position };
    for await (const recorded of this.store.readAll({ ...batch, ...after })) {
      const event = decodeLedgerEvent(recorded);
      const outcomes = event ? await resumeInstalls(this.ledger, this.#pending, event) : [];
      resumed.push(...outcomes);
      if (outcomes.some(({ outcome }) => E.isLeft(outcome) && !isDomainError(outcome.left))) {
        // Storage failed: keep the checkpoint before this event and rebuild the waiting list next run, so the
        // install is retried (idempotently) rather than forgotten.
        this.#primed = false;
        return resumed;
      }
      this.#position = recorded.globalPosition;
      await this.checkpoints.save(this.#name, recorded.globalPosition);
    }
    return resumed;
  }
}
