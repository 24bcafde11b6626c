import { randomUUID } from "node:crypto";
import {
  type Actor,
  type CommandFailure,
  defaultVppAccountPolicy,
  domainError,
  isSyncDue,
} from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { syncAccount } from "./run/sync-account.js";
import type { SyncOutcome } from "./run/types.js";
import { checkTokenHealth } from "./scheduler-health.js";
import type { ScheduledSync, SchedulerTimers, SyncSchedulerOptions } from "./scheduler-options.js";
import { takeSyncLease } from "./sync-lease.js";

export type { ScheduledSync, SchedulerTimers, SyncSchedulerOptions } from "./scheduler-options.js";

const defaultTimers: SchedulerTimers = {
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
};

const busy = (tenantId: string, where = "this process") =>
  domainError(
    "sync-in-progress",
    `a sync of tenant ${tenantId} is already running in ${where}; wait for it`,
    {
      tenantId,
    },
  );

/**
 * Runs syncs (R7): every registered account whose sync is due (12 h after the last one by default, the
 * account policy's interval), and "Sync now" on demand. One account never has two syncs in flight in this
 * process; across processes the ledger refuses a second `RequestSync` while one runs. Accounts that may not
 * talk to Apple (expired or revoked token, location claimed by another MDM) are not synced, but each tick
 * still checks every account's token health.
 */
export class SyncScheduler {
  readonly #options: SyncSchedulerOptions;
  readonly #tenants = new Set<string>();
  readonly #inFlight = new Map<string, Promise<ScheduledSync>>();
  #abort = new AbortController();
  readonly #owner: string;
  #timer: unknown;
  #ticking: Promise<unknown> | undefined;

  constructor(options: SyncSchedulerOptions) {
    const limit = options.maxConcurrentSyncs ?? 4;
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new RangeError(`maxConcurrentSyncs must be a positive integer, got ${String(limit)}`);
    }
    this.#options = options;
    this.#owner = options.lease?.owner ?? randomUUID();
  }

  get #timers(): SchedulerTimers {
    return this.#options.timers ?? defaultTimers;
  }

  /** Adds an account to the schedule. */
  register(tenantId: string): void {
    this.#tenants.add(tenantId);
  }

  /** Removes an account from the schedule; a sync in flight finishes. */
  unregister(tenantId: string): void {
    this.#tenants.delete(tenantId);
  }

  /** Accounts on the schedule. */
  get tenants(): ReadonlyArray<string> {
    return [...this.#tenants];
  }

  /** Whether a sync of the account runs in this process now. */
  isSyncing(tenantId: string): boolean {
    return this.#inFlight.has(tenantId);
  }

  /** "Sync now" (R7): starts a manual sync unless one of this account is already in flight. */
  syncNow(
    tenantId: string,
    options: { readonly actor?: Actor; readonly takeOver?: boolean } = {},
  ): Promise<E.Either<CommandFailure, SyncOutcome>> {
    if (this.#inFlight.has(tenantId)) return Promise.resolve(E.left(busy(tenantId)));
    return this.#launch(tenantId, "manual", this.#options.now(), options).then((sync) => sync.result);
  }

  /**
   * Sends every account `CheckTokenHealth { at: now }` (R23: recorded once per crossing, also after the token
   * expired, when no sync starts), then starts the syncs due at `now` and resolves with their results once
   * they have ended.
   */
  async tick(now: string = this.#options.now()): Promise<ReadonlyArray<ScheduledSync>> {
    const due: string[] = [];
    for (const tenantId of this.#tenants) {
      try {
        const { state } = await this.#options.ledger.loadAccount(tenantId);
        // Every account, syncing or not: an expired token starts no sync, so only this records it (R23).
        const health = await checkTokenHealth(this.#options.ledger, tenantId, state, now);
        if (E.isLeft(health)) this.#options.onError?.(health.left, tenantId);
        if (this.#inFlight.has(tenantId)) continue;
        if (isSyncDue(state, now, this.#options.policy ?? defaultVppAccountPolicy)) due.push(tenantId);
      } catch (error) {
        this.#options.onError?.(error, tenantId);
      }
    }
    const results: ScheduledSync[] = [];
    const worker = async () => {
      for (let tenantId = due.shift(); tenantId !== undefined; tenantId = due.shift()) {
        if (this.#inFlight.has(tenantId)) continue;
        try {
          results.push(await this.#launch(tenantId, "schedule", now, {}));
        } catch (error) {
          this.#options.onError?.(error, tenantId);
        }
      }
    };
    const workers = Math.min(this.#options.maxConcurrentSyncs ?? 4, due.length);
    await Promise.all(Array.from({ length: workers }, worker));
    return results;
  }

  /** Ticks every `intervalMs` (a tick still running is not overlapped). */
  start({ intervalMs }: { readonly intervalMs: number }): void {
    if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
      throw new RangeError(`intervalMs must be a positive number, got ${String(intervalMs)}`);
    }
    if (this.#timer !== undefined) return;
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
    this.#timer = (this.#options.timers ?? defaultTimers).setInterval(() => {
      if (this.#ticking) return;
      this.#ticking = this.tick()
        .catch((error: unknown) => this.#options.onError?.(error))
        .finally(() => {
          this.#ticking = undefined;
        });
    }, intervalMs);
  }

  /** Stops ticking and waits for the syncs in flight; `abort` cancels their Apple calls (they record a failure). */
  async stop(options: { readonly abort?: boolean } = {}): Promise<void> {
    if (this.#timer !== undefined) (this.#options.timers ?? defaultTimers).clearInterval(this.#timer);
    this.#timer = undefined;
    if (options.abort) this.#abort.abort(new Error("the sync scheduler was stopped"));
    await this.#ticking;
    await Promise.allSettled([...this.#inFlight.values()]);
  }

  #launch(
    tenantId: string,
    trigger: "manual" | "schedule",
    at: string,
    options: { readonly actor?: Actor; readonly takeOver?: boolean },
  ): Promise<ScheduledSync> {
    const { ledger, clientFor, now, onWarning, lease } = this.#options;
    const run = async (): Promise<ScheduledSync> => {
      const held = lease
        ? await takeSyncLease({ ...lease, owner: this.#owner }, tenantId, this.#timers, (error) =>
            this.#options.onError?.(error, tenantId),
          )
        : undefined;
      if (held && "heldBy" in held) {
        const sync = {
          tenantId,
          trigger,
          result: E.left(busy(tenantId, `another process (${held.heldBy})`)),
        };
        this.#options.onSettled?.(sync);
        return sync;
      }
      try {
        const syncId = (this.#options.newSyncId ?? randomUUID)();
        const result = await syncAccount(
          {
            ledger,
            client: clientFor(tenantId),
            now,
            ...(onWarning ? { onWarning } : {}),
            ...this.#options.sync,
          },
          { tenantId, syncId, trigger, at, ...(options.takeOver ? { takeOver: true } : {}) },
          { signal: this.#abort.signal, ...(options.actor ? { actor: options.actor } : {}) },
        );
        const sync = { tenantId, trigger, result };
        this.#options.onSettled?.(sync);
        return sync;
      } finally {
        await held?.release();
      }
    };
    // Registered before the first await, so a second call in the same turn already sees it.
    const running = run().finally(() => this.#inFlight.delete(tenantId));
    this.#inFlight.set(tenantId, running);
    return running;
  }
}
