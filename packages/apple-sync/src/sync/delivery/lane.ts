import { inOrder } from "./order.js";
import { driftOf, type LaneContext } from "./outcomes.js";
import { type Entry, type PlanLimits, planRequests } from "./plan.js";
import { sendRequest, type Verdict } from "./request.js";
import type { AppleOperationTracker } from "./tracker.js";
import type { PendingDisassociation } from "./types.js";
import { type AppleWork, type Holder, workKey } from "./work.js";

/** What a lane tells the delivery. */
export interface LaneHooks {
  /** The work is settled: the checkpoint may pass its event. */
  readonly release: (work: AppleWork) => void;
  /** The lane may have become idle. */
  readonly changed: () => void;
}

/**
 * One location's outbound work. Work waits per key (the latest intent for an app and user, or a user, wins
 * while unsent), is grouped by operation and app into requests at Apple's live limits, and up to
 * `maxRequestsInFlight` requests await Apple at once; a slow operation of this location never delays another
 * location, and only delays work of the same key here. Transient failures come back after a doubling wait.
 */
export class LocationLane {
  readonly #pending = new Map<string, Entry>();
  /** Keys with a request in flight, and the entry sent. */
  readonly #busy = new Map<string, Entry>();
  #requests = 0;
  #flushing = false;
  #again = false;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #force = false;

  constructor(
    private readonly ctx: LaneContext,
    private readonly tracker: AppleOperationTracker,
    private readonly hooks: LaneHooks,
  ) {}

  /** Queues work; an unsent entry for the same key is superseded. */
  add(work: AppleWork): void {
    const key = workKey(work);
    const previous = this.#pending.get(key);
    if (previous !== undefined) this.#supersede(previous);
    this.#pending.set(key, { work, queuedAt: Date.now(), attempts: 0, notBefore: 0, alone: false });
  }

  /** True when nothing is in flight and nothing is due now (work waiting for a retry may remain). */
  get idle(): boolean {
    if (this.#requests > 0 || this.#flushing) return false;
    const now = Date.now();
    for (const [key, entry] of this.#pending)
      if (!this.#busy.has(key) && entry.notBefore <= now) return false;
    return true;
  }

  /** Work not yet confirmed, sent or not. */
  get outstanding(): number {
    return this.#pending.size + this.#busy.size;
  }

  /** Disassociations and location revokes Apple has not confirmed. */
  pendingDisassociations(): PendingDisassociation[] {
    return [...this.#busy.values(), ...this.#pending.values()].flatMap(driftOf);
  }

  /** An admin settled a disassociation (a revoke: `adamId` empty) by hand: not sent again (unless in flight). */
  dismiss(adamId: string, holder: Holder): boolean {
    const operation = adamId === "" ? "revoke" : "disassociate";
    const key = workKey({ tenantId: this.ctx.tenantId, adamId, operation, ...holder });
    const entry = this.#pending.get(key);
    if (entry?.work.operation !== operation) return false;
    this.#pending.delete(key);
    this.hooks.release(entry.work);
    // Work of the holder that waited for a dismissed revoke may go now.
    if (operation === "revoke") this.kick();
    this.hooks.changed();
    return true;
  }

  /**
   * Sends what is due: full requests at once, a partial one once its oldest work waited `lingerMs` (so work read
   * in several batches of the log shares a request), or at once with `force` (the log is read to its end).
   */
  kick(force = false): void {
    if (this.#closed) return;
    if (force) this.#force = true;
    if (this.#flushing) {
      this.#again = true;
      return;
    }
    this.#flushing = true;
    void this.#flush().finally(() => {
      this.#flushing = false;
      if (this.#again) {
        this.#again = false;
        this.kick();
      } else this.hooks.changed();
    });
  }

  /** Stops timers; requests in flight finish on their own. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
  }

  #supersede(entry: Entry): void {
    this.ctx.counts.superseded++;
    this.hooks.release(entry.work);
  }

  async #flush(): Promise<void> {
    const max = this.ctx.options.maxRequestsInFlight ?? 8;
    const force = this.#force;
    this.#force = false;
    const waiting = inOrder(
      [...this.#pending].filter(([key]) => !this.#busy.has(key)).map(([, entry]) => entry),
      this.#busy.values(),
    );
    if (waiting.length === 0) return;
    let limits: PlanLimits;
    try {
      ({ limits } = await this.ctx.client.serviceConfig());
    } catch (error) {
      this.ctx.options.onError?.(error);
      this.#wakeAt(Date.now() + (this.ctx.options.retryBaseMs ?? 1_000));
      return;
    }
    const lingerMs = this.ctx.options.lingerMs ?? 1_000;
    const plan = planRequests(waiting, limits, { now: Date.now(), lingerMs, force });
    for (const request of plan.requests) {
      if (this.#requests >= max) break;
      this.#send(request);
    }
    if (plan.wake !== undefined) this.#wakeAt(plan.wake);
  }

  #wakeAt(at: number): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.kick(), Math.max(0, at - Date.now()));
  }

  #send(entries: ReadonlyArray<Entry>): void {
    for (const entry of entries) {
      const key = workKey(entry.work);
      this.#pending.delete(key);
      this.#busy.set(key, entry);
    }
    this.#requests++;
    void sendRequest(
      this.ctx,
      this.tracker,
      entries.map((entry) => entry.work),
    )
      .catch((error: unknown) => {
        this.ctx.options.onError?.(error);
        return entries.map((): Verdict => ({ kind: "retry" }));
      })
      .then((verdicts) => {
        this.#requests--;
        for (const [index, entry] of entries.entries())
          this.#settle(entry, verdicts[index] ?? { kind: "retry" });
        this.kick();
      });
  }

  #settle(entry: Entry, verdict: Verdict): void {
    const key = workKey(entry.work);
    this.#busy.delete(key);
    if (verdict.kind === "settled" || verdict.kind === "superseded") {
      if (verdict.kind === "superseded") this.ctx.counts.superseded++;
      this.hooks.release(entry.work);
      return;
    }
    // A newer intent for the same key arrived meanwhile: it replaces this one.
    if (this.#pending.has(key)) {
      this.#supersede(entry);
      return;
    }
    if (verdict.kind === "alone") {
      this.#pending.set(key, { ...entry, alone: true });
      return;
    }
    const attempts = entry.attempts + 1;
    const base = this.ctx.options.retryBaseMs ?? 1_000;
    const wait = Math.min(base * 2 ** (attempts - 1), this.ctx.options.retryMaxMs ?? 300_000);
    this.ctx.counts.retried++;
    this.#pending.set(key, {
      ...entry,
      attempts,
      notBefore: Date.now() + wait,
      ...(verdict.failure ? { lastFailure: verdict.failure } : {}),
    });
  }
}
