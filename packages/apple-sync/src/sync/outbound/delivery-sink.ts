import {
  type BatchSink,
  type CheckpointStore,
  type LedgerEvent,
  type ProcessorBatch,
  parksStream,
} from "@vpp-ledger/core";
import { rootCause } from "../failure.js";
import { isTransient } from "./action-context.js";
import { actionFor } from "./actions.js";
import { LedgerView } from "./ledger-view.js";
import type { ActionOutcome, OutboundDeps } from "./types.js";

/** A delivery stopped on an error that may pass (throttling, outage): the next run resumes at `at`. */
export class DeliveryStopped extends Error {
  constructor(
    readonly at: bigint,
    readonly error: unknown,
  ) {
    super("outbound delivery stopped on an error that may pass; the next run resumes where it stopped");
  }
}

/** What a delivery run counted. */
export interface DeliveryCounts {
  read: number;
  delivered: number;
  superseded: number;
  refused: number;
  undeliverable: number;
}

/**
 * Outbound delivery as a processor's sink (at-least-once): each event's action runs, then the checkpoint moves
 * past it, so a stop or a crash repeats at most the action in flight (every action is idempotent). A failure for
 * good of the ledger behind an action parks the event's stream (R24); one that may pass saves the position
 * before the event and stops the pass with {@link DeliveryStopped}.
 */
export class DeliverySink implements BatchSink {
  readonly counts: DeliveryCounts = { read: 0, delivered: 0, superseded: 0, refused: 0, undeliverable: 0 };
  readonly #view: LedgerView;
  #saved: bigint | undefined;

  constructor(
    private readonly deps: OutboundDeps,
    private readonly checkpoints: CheckpointStore,
    private readonly name: string,
    private readonly signal: AbortSignal | undefined,
  ) {
    this.#view = new LedgerView(deps.ledger);
  }

  /** The checkpoint as this run left it. */
  get saved(): bigint | undefined {
    return this.#saved;
  }

  async position(): Promise<bigint | undefined> {
    this.#saved = await this.checkpoints.load(this.name);
    return this.#saved;
  }

  async commit(batch: ProcessorBatch): Promise<void> {
    const parkedNow = new Set<string>();
    for (const event of batch.events) {
      this.signal?.throwIfAborted();
      if (parkedNow.has(event.place.streamId)) continue;
      this.counts.read++;
      let acted: boolean;
      try {
        acted = await this.#deliver(event);
      } catch (error) {
        const cause = rootCause(error);
        if (parksStream(cause) && batch.park) {
          await batch.park(event, cause);
          parkedNow.add(event.place.streamId);
          continue;
        }
        if (!isTransient(error)) throw parksStream(cause) ? cause : error;
        throw new DeliveryStopped(event.place.globalPosition, error);
      }
      if (acted) await this.#save(event.place.globalPosition);
    }
    await this.#save(batch.position);
  }

  async #save(position: bigint): Promise<void> {
    if (this.#saved !== undefined && position <= this.#saved) return;
    await this.checkpoints.save(this.name, position);
    this.#saved = position;
  }

  /** Runs the event's action, if it has one for a tenant this process serves; true when it ran. */
  async #deliver(ledgerEvent: LedgerEvent): Promise<boolean> {
    const { tenantId } = ledgerEvent;
    this.#view.passed(
      tenantId,
      ledgerEvent.aggregate === "License" ? ledgerEvent.adamId : undefined,
      ledgerEvent.place.streamVersion,
    );
    const action = actionFor(ledgerEvent);
    const client = action && this.deps.clientFor(tenantId);
    if (!action || !client) return false;
    const outcome: ActionOutcome = await action({
      deps: this.deps,
      client,
      view: this.#view,
      event: ledgerEvent,
      signal: this.signal,
    });
    this.counts[outcome.kind]++;
    if (outcome.kind === "undeliverable")
      await this.deps.onUndeliverable?.({ event: ledgerEvent, failure: outcome.failure });
    return true;
  }
}
