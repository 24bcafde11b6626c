import * as E from "fp-ts/lib/Either.js";
import type { LedgerEvent } from "../ledger/streams.js";
import { LedgerLogReader, parksStream, readLedgerLog } from "../log/read-ledger-log.js";
import { resumeParkedStreams } from "../log/resume-parked.js";
import { isDomainError } from "../shared/errors.js";
import type { CheckpointStore } from "../store/checkpoint.js";
import { InMemoryParkedStreamStore, type ParkedStream, type ParkedStreamStore } from "../store/parked.js";
import type { EventStore } from "../store/port.js";
import type { VppLedger } from "./ledger.js";
import { PendingInstalls, type ResumedInstall, resumeInstalls } from "./pending-installs.js";

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
}

/**
 * The reactor that finishes installs waiting for the VPP terms (R15): it follows the global log from its
 * checkpoint and, on each `TermsAccepted`, runs the install workflow for that user's waiting apps. Its first
 * run rebuilds the waiting list from the start of the log up to the checkpoint without acting, so a restart
 * never forgets a waiting install; acting again after a crash is safe (command ids derive from the event).
 * A storage failure stops the pass before the event that caused it; the next `run()` retries it. An event it
 * cannot decode parks only its own stream (see `readLedgerLog`): every other tenant's installs go on, and the
 * parked stream's waiting installs resume once it is repaired.
 * Call `run()` whenever new events may have arrived (after commands, on a timer, from a notification).
 */
export class InstallResumer {
  readonly #pending = new PendingInstalls();
  readonly #name: string;
  readonly #parked: ParkedStreamStore;
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
    this.#parked = options.parked ?? new InMemoryParkedStreamStore();
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
    const log = {
      reader: this.#name,
      parked: this.#parked,
      ...(this.options.onParked ? { onParked: this.options.onParked } : {}),
      ...(this.options.batchSize === undefined ? {} : { batchSize: this.options.batchSize }),
    };
    if (!this.#primed) {
      this.#pending.clear();
      const checkpoint = await this.checkpoints.load(this.#name);
      if (checkpoint !== undefined) {
        for await (const entry of readLedgerLog(this.store, log)) {
          if (entry.recorded.globalPosition > checkpoint) break;
          if (entry.kind === "event") this.#pending.apply(entry.event);
        }
      }
      this.#position = checkpoint;
      this.#primed = true;
    }
    const resumed: ResumedInstall[] = [];
    // Runs the installs an event unblocks. A failure for good (a corrupt pool) is thrown to park the event's
    // stream; a storage failure that may pass stops the pass before the event, and the waiting list is rebuilt
    // next run, so the install is retried (idempotently) rather than forgotten.
    const act = async (event: LedgerEvent): Promise<"done" | "stop"> => {
      const outcomes = await resumeInstalls(this.ledger, this.#pending, event);
      resumed.push(...outcomes);
      const failure = outcomes.find(({ outcome }) => E.isLeft(outcome) && !isDomainError(outcome.left));
      if (failure === undefined || E.isRight(failure.outcome)) return "done";
      this.#primed = false;
      if (parksStream(failure.outcome.left)) throw failure.outcome.left;
      return "stop";
    };
    try {
      await resumeParkedStreams(this.store, {
        ...log,
        upTo: this.#position,
        handle: async (event) => {
          if ((await act(event)) === "stop") throw new PassStopped();
        },
      });
    } catch (error) {
      if (error instanceof PassStopped) return resumed;
      throw error;
    }
    const reader = new LedgerLogReader(this.store, {
      ...log,
      ...(this.#position === undefined ? {} : { after: this.#position }),
    });
    for await (const entry of reader.entries()) {
      if (entry.kind === "event") {
        try {
          if ((await act(entry.event)) === "stop") return resumed;
        } catch (error) {
          if (!parksStream(error)) throw error;
          await reader.park(entry.recorded, error);
        }
      }
      this.#position = entry.recorded.globalPosition;
      await this.checkpoints.save(this.#name, entry.recorded.globalPosition);
    }
    return resumed;
  }
}

/** Ends a repair whose install met a failure that may pass: the stream stays parked and is retried next run. */
class PassStopped extends Error {}
