import type { AppleClient } from "../../client/apple-client.js";
import { isAppleApiError } from "../../client/errors.js";
import {
  matches,
  type OperationItem,
  type OperationReport,
  type PollingOptions,
  type Settlement,
} from "./reports.js";
import { itemKey } from "./work.js";

interface Tracked {
  readonly client: AppleClient;
  /** A revoke: items are holders, whatever app Apple names beside them. */
  readonly everyApp: boolean;
  /** A notification said Apple finished the operation: the items it did not name were polled for at once. */
  prompted: boolean;
  readonly items: Map<string, { readonly item: OperationItem; settled?: Settlement }>;
  unsettled: number;
  readonly resolve: (settled: ReadonlyMap<string, Settlement>) => void;
  readonly started: number;
  interval: number;
  timer?: NodeJS.Timeout;
}

const EARLY_CAPACITY = 1_000;
const PROMPT_GRACE_MS = 1_000;

const keyOf = (everyApp: boolean, item: OperationItem): string =>
  itemKey(everyApp ? undefined : item.adamId, item);

/**
 * Learns how Apple operations end: from Apple's notifications first (ASSET_MANAGEMENT, USER_MANAGEMENT, by
 * Apple's `eventId`), and from `GET status` as a fallback polled with back-off while a notification is missing. A
 * report repeated (Apple delivers up to three times) or arriving after a poll settled the item changes nothing.
 */
export class AppleOperationTracker {
  readonly #operations = new Map<string, Tracked>();
  /** Reports that arrived before their operation was tracked (the notification outran the response). */
  readonly #early = new Map<string, OperationReport[]>();
  #closed = false;

  constructor(private readonly options: PollingOptions) {}

  /** Operations awaited now. */
  get tracking(): number {
    return this.#operations.size;
  }

  /**
   * Awaits the end of every item of an operation of `tenantId`. `everyApp` (a revoke): the items are holders, and
   * are settled by reports naming the holder with any app, keyed by `itemKey(undefined, holder)`.
   */
  track(
    tenantId: string,
    client: AppleClient,
    operationId: string,
    items: ReadonlyArray<OperationItem>,
    everyApp = false,
  ): Promise<ReadonlyMap<string, Settlement>> {
    return new Promise((resolve) => {
      const key = `${tenantId}\u0000${operationId}`;
      const tracked: Tracked = {
        client,
        everyApp,
        prompted: false,
        items: new Map(items.map((item) => [keyOf(everyApp, item), { item }])),
        unsettled: items.length,
        resolve,
        started: Date.now(),
        interval: this.options.pollAfterMs,
      };
      this.#operations.set(key, tracked);
      for (const report of this.#early.get(key) ?? []) this.#apply(key, tracked, report);
      this.#early.delete(key);
      if (this.#operations.has(key) && !tracked.prompted) this.#schedule(key, tracked);
    });
  }

  /** Applies a notification about an operation of `tenantId`. */
  report(tenantId: string, report: OperationReport): void {
    const key = `${tenantId}\u0000${report.operationId}`;
    const tracked = this.#operations.get(key);
    if (tracked) {
      this.#apply(key, tracked, report);
      return;
    }
    const early = this.#early.get(key) ?? [];
    early.push(report);
    this.#early.set(key, early);
    while (this.#early.size > EARLY_CAPACITY) {
      const oldest = this.#early.keys().next().value;
      if (oldest === undefined) break;
      this.#early.delete(oldest);
    }
  }

  /** Stops polling; operations still awaited never settle. */
  close(): void {
    this.#closed = true;
    for (const tracked of this.#operations.values()) clearTimeout(tracked.timer);
    this.#operations.clear();
  }

  #apply(key: string, tracked: Tracked, report: OperationReport): void {
    const outcome: Settlement = report.failed ? { ok: false, errorNumber: report.errorNumber } : { ok: true };
    for (const item of report.items) {
      const settled =
        outcome.ok && item.inviteCode !== undefined
          ? { ok: true as const, inviteCode: item.inviteCode }
          : outcome;
      this.#settle(key, tracked, keyOf(tracked.everyApp, item), settled);
    }
    // A failure naming no item is of those its errorInfo names (naming nothing: the whole operation's); a success
    // naming nothing settles nothing.
    const { error } = report;
    if (report.items.length === 0 && report.failed)
      for (const [item, entry] of tracked.items)
        if (entry.settled === undefined && (error === undefined || matches(error, entry.item)))
          this.#settle(key, tracked, item, outcome);
    this.#prompt(key, tracked);
  }

  /**
   * Apple reports a revoke only for the licenses it took back: a holder that held none is named nowhere. A
   * notification means the operation is finished, so its status is asked for within a second, not after the wait.
   */
  #prompt(key: string, tracked: Tracked): void {
    if (!tracked.everyApp || tracked.prompted || !this.#operations.has(key) || this.#closed) return;
    tracked.prompted = true;
    clearTimeout(tracked.timer);
    // A short grace lets the operation's other notifications (Apple splits them by 100 licenses) settle it first.
    const grace = Math.min(PROMPT_GRACE_MS, this.options.pollAfterMs);
    tracked.timer = setTimeout(() => void this.#poll(key, tracked), grace);
  }

  #settle(key: string, tracked: Tracked, item: string, settlement: Settlement): void {
    const entry = tracked.items.get(item);
    if (entry === undefined || entry.settled !== undefined) return;
    entry.settled = settlement;
    tracked.unsettled--;
    if (tracked.unsettled === 0) this.#finish(key, tracked);
  }

  #settleRest(
    key: string,
    tracked: Tracked,
    settlement: Settlement | ((item: OperationItem) => Settlement),
  ): void {
    for (const [item, entry] of tracked.items) {
      if (entry.settled !== undefined) continue;
      this.#settle(
        key,
        tracked,
        item,
        typeof settlement === "function" ? settlement(entry.item) : settlement,
      );
    }
  }

  #finish(key: string, tracked: Tracked): void {
    clearTimeout(tracked.timer);
    this.#operations.delete(key);
    const settled = new Map<string, Settlement>();
    for (const [item, entry] of tracked.items) if (entry.settled) settled.set(item, entry.settled);
    tracked.resolve(settled);
  }

  #schedule(key: string, tracked: Tracked): void {
    if (this.#closed) return;
    tracked.timer = setTimeout(() => void this.#poll(key, tracked), tracked.interval);
    tracked.interval = Math.min(tracked.interval * 2, this.options.maxPollIntervalMs);
  }

  async #poll(key: string, tracked: Tracked): Promise<void> {
    if (!this.#operations.has(key)) return;
    const operationId = key.slice(key.indexOf("\u0000") + 1);
    if (Date.now() - tracked.started > this.options.operationTimeoutMs) {
      this.#settleRest(key, tracked, { ok: false, errorNumber: undefined });
      return;
    }
    try {
      this.options.onStatusRequest?.();
      const status = await tracked.client.operationStatus(operationId);
      if (!this.#operations.has(key)) return;
      if (status.eventStatus === "PENDING") return this.#schedule(key, tracked);
      const failures = status.eventStatus === "FAILED" ? (status.failures ?? []) : [];
      if (status.eventStatus === "FAILED" && failures.length === 0) {
        return this.#settleRest(key, tracked, { ok: false, errorNumber: undefined });
      }
      this.#settleRest(key, tracked, (item) => {
        const failure = failures.find((f) => matches(f, item));
        return failure ? { ok: false, errorNumber: failure.errorNumber } : { ok: true };
      });
    } catch (error) {
      if (!this.#operations.has(key)) return;
      // 9708: Apple no longer knows the operation: its items are sent again.
      if (isAppleApiError(error) && error.errorNumber === 9708) {
        return this.#settleRest(key, tracked, { ok: false, errorNumber: undefined });
      }
      this.#schedule(key, tracked);
    }
  }
}
