import { LogProcessor, type PassResult, WorkflowSink } from "@vpp-ledger/core";
import { LocationLane } from "./lane.js";
import type { OperationReport } from "./reports.js";
import { AppleOperationTracker } from "./tracker.js";
import type { AppleDeliveryOptions, DeliveryCounts, PendingDisassociation } from "./types.js";
import { DeliveryCheckpoint } from "./watermark.js";
import type { AppleWork, Holder } from "./work.js";
import { type DeliveryState, deliveryStateCodec, deliveryWorkflow } from "./workflow.js";

/** Name of the batched delivery's checkpoint unless the host gives one. */
export const DEFAULT_DELIVERY_CHECKPOINT = "apple-delivery";

/**
 * Sends to Apple what the ledger decided, batched and per location. The pure {@link deliveryWorkflow} turns
 * ledger events into Apple work on core's processor ({@link WorkflowSink} over a {@link LogProcessor}: batches,
 * parked streams, R24); each tenant's work goes to its own `LocationLane`, which groups it per app into
 * requests at Apple's live limits, so one location's pending operations never delay another's. Completion comes
 * from Apple's notifications first ({@link AppleDelivery.notified}), with status polling as the fallback.
 *
 * At-least-once: the checkpoint never passes work Apple has not confirmed, so after a crash the unconfirmed
 * work is read and sent again; every piece of work is safe to repeat (Apple treats a repeat as done, a
 * compensation has fixed command ids). Run `pass()` on a schedule or wrap `processor` in a `LiveProcessor`.
 */
export class AppleDelivery {
  /** The log reader; wrap it in a `LiveProcessor` to follow the log as it grows. */
  readonly processor: LogProcessor;
  readonly counts: DeliveryCounts = {
    delivered: 0,
    superseded: 0,
    refused: 0,
    undeliverable: 0,
    retried: 0,
    requests: 0,
    statusRequests: 0,
  };
  readonly #checkpoint: DeliveryCheckpoint;
  readonly #sink: WorkflowSink<DeliveryState, AppleWork>;
  readonly #tracker: AppleOperationTracker;
  readonly #lanes = new Map<string, LocationLane>();
  readonly #waiting = new Set<() => void>();

  constructor(readonly options: AppleDeliveryOptions) {
    const name = options.name ?? DEFAULT_DELIVERY_CHECKPOINT;
    const store = options.ledger.deps.store;
    this.#checkpoint = new DeliveryCheckpoint(options.checkpoints, name);
    this.#tracker = new AppleOperationTracker({
      pollAfterMs: options.pollAfterMs ?? 30_000,
      maxPollIntervalMs: options.maxPollIntervalMs ?? 300_000,
      operationTimeoutMs: options.operationTimeoutMs ?? 3_600_000,
      onStatusRequest: () => {
        this.counts.statusRequests++;
      },
    });
    this.#sink = new WorkflowSink({
      name,
      workflow: deliveryWorkflow,
      checkpoints: this.#checkpoint,
      store,
      parked: options.parked,
      perform: async (work) => this.#enqueue(work),
      ...(options.states ? { snapshots: { store: options.states, ...deliveryStateCodec } } : {}),
    });
    const sink = this.#sink;
    const lanes = this.#lanes;
    this.processor = new LogProcessor({
      name,
      store,
      parked: options.parked,
      ...(options.onParked ? { onParked: options.onParked } : {}),
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      sink: {
        position: () => sink.position(),
        // Each batch's work goes out as soon as the batch is read: a batch is the unit of grouping.
        commit: async (batch) => {
          await sink.commit(batch);
          for (const lane of lanes.values()) lane.kick();
        },
      },
    });
  }

  /** The saved checkpoint: never past work Apple has not confirmed. */
  get checkpoint(): bigint | undefined {
    return this.#checkpoint.saved;
  }

  /** Work read from the log and not yet confirmed by Apple. */
  get outstanding(): number {
    return this.#checkpoint.outstanding;
  }

  /** Reads the log once from the checkpoint and sends its work (does not wait for Apple's answers). */
  async pass(): Promise<PassResult> {
    const result = await this.processor.pass();
    for (const lane of this.#lanes.values()) lane.kick(true);
    return result;
  }

  /** Resolves once no request is in flight and no work is due (work waiting to be retried may remain). */
  whenIdle(): Promise<void> {
    if (this.#idle()) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.add(resolve));
  }

  /** One pass, then waits until it is idle: the batched counterpart of `deliverOutbound`. */
  async run(): Promise<PassResult> {
    const pass = await this.pass();
    await this.whenIdle();
    return pass;
  }

  /**
   * An ASSET_MANAGEMENT or USER_MANAGEMENT notification of `tenantId`'s location, for the Apple operations this delivery
   * awaits (pass `delivery` to `ledgerNotificationHandlers`). Repeats change nothing.
   */
  notified(tenantId: string, report: OperationReport): void {
    this.#tracker.report(tenantId, report);
  }

  /** Every disassociation Apple has not confirmed yet: the seats where Apple and the ledger may differ. */
  pendingDisassociations(): PendingDisassociation[] {
    return [...this.#lanes.values()].flatMap((lane) => lane.pendingDisassociations());
  }

  /**
   * An admin resolved a disassociation at Apple by hand: stop sending it. `holder` is the user's id, or
   * `{ serialNumber }` for a device; `adamId` empty for a location revoke. False if it is not pending.
   */
  dismissDisassociation(tenantId: string, adamId: string, holder: string | Holder): boolean {
    const named = typeof holder === "string" ? { userId: holder } : holder;
    return this.#lanes.get(tenantId)?.dismiss(adamId, named) ?? false;
  }

  /** Stops polls and retry timers for good; a new `AppleDelivery` resumes from the saved checkpoint. */
  close(): void {
    this.#tracker.close();
    for (const lane of this.#lanes.values()) lane.close();
    this.#lanes.clear();
    this.#notify();
  }

  #enqueue(work: AppleWork): void {
    let lane = this.#lanes.get(work.tenantId);
    if (lane === undefined) {
      const client = this.options.clientFor(work.tenantId);
      if (client === undefined) return;
      lane = new LocationLane(
        { tenantId: work.tenantId, client, options: this.options, counts: this.counts },
        this.#tracker,
        { release: (done) => this.#checkpoint.release(done.position), changed: () => this.#notify() },
      );
      this.#lanes.set(work.tenantId, lane);
    }
    this.#checkpoint.hold(work.position);
    lane.add(work);
  }

  #idle(): boolean {
    for (const lane of this.#lanes.values()) if (!lane.idle) return false;
    return true;
  }

  #notify(): void {
    if (this.#waiting.size === 0 || !this.#idle()) return;
    for (const resolve of this.#waiting) resolve();
    this.#waiting.clear();
  }
}
