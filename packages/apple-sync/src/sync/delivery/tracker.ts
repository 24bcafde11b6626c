import type { AppleClient } from "../../client/apple-client.js";
import type { ErrorResponse } from "../../client/codecs/common.js";
import { isAppleApiError } from "../../client/errors.js";
import { type Holder, itemKey } from "./work.js";

/** How one item of an Apple event ended: done (a created user's `inviteCode` when Apple told it), or failed. */
export type Settlement =
  | { readonly ok: true; readonly inviteCode?: string }
  /** `errorNumber` undefined: Apple gave no reason, or the event was lost (unknown, timed out): sent again. */
  | { readonly ok: false; readonly errorNumber: number | undefined };

/** One item of an event: an app and a user or device (associate, disassociate), or a user (create, retire). */
export interface EventItem extends Holder {
  readonly adamId?: string;
}

/** What a notification said about an event: the items it covers (none: the whole event) and its result. */
export interface EventReport {
  readonly eventId: string;
  readonly failed: boolean;
  readonly errorNumber?: number;
  readonly items: ReadonlyArray<EventItem & { readonly inviteCode?: string }>;
}

/** Timing of the status polling that backs notifications up. */
export interface PollingOptions {
  /** First status poll this long after submission, if no notification settled the event (30 000 ms). */
  readonly pollAfterMs: number;
  /** The wait between polls doubles up to this (300 000 ms). */
  readonly maxPollIntervalMs: number;
  /** An event still unsettled after this long is treated as lost, and its items are sent again (3 600 000 ms). */
  readonly eventTimeoutMs: number;
  /** Counts each status request (for the host's metrics and the benchmark). */
  readonly onStatusRequest?: () => void;
}

interface Tracked {
  readonly client: AppleClient;
  readonly items: Map<string, { readonly item: EventItem; settled?: Settlement }>;
  unsettled: number;
  readonly resolve: (settled: ReadonlyMap<string, Settlement>) => void;
  readonly started: number;
  interval: number;
  timer?: NodeJS.Timeout;
}

const matches = (failure: ErrorResponse, item: EventItem): boolean => {
  const info = failure.errorInfo;
  const users = info?.clientUserIds;
  const devices = info?.serialNumbers;
  const assets = info?.assets;
  if (users === undefined && devices === undefined && assets === undefined) return true;
  if (users !== undefined || devices !== undefined) {
    const named =
      item.serialNumber === undefined
        ? (users?.includes(item.userId ?? "") ?? false)
        : (devices?.includes(item.serialNumber) ?? false);
    if (!named) return false;
  }
  return assets === undefined || item.adamId === undefined || assets.some((a) => a.adamId === item.adamId);
};

const EARLY_CAPACITY = 10_000;

/**
 * Learns how Apple events end: from Apple's notifications first (ASSET_MANAGEMENT, USER_MANAGEMENT, by
 * `eventId`), and from `GET status` as a fallback polled with back-off while a notification is missing. A
 * report repeated (Apple delivers up to three times) or arriving after a poll settled the item changes nothing.
 */
export class AppleEventTracker {
  readonly #events = new Map<string, Tracked>();
  /** Reports that arrived before their event was tracked (the notification outran the response). */
  readonly #early = new Map<string, EventReport[]>();
  #closed = false;

  constructor(private readonly options: PollingOptions) {}

  /** Events awaited now. */
  get tracking(): number {
    return this.#events.size;
  }

  /** Awaits the end of every item of an event of `tenantId`. */
  track(
    tenantId: string,
    client: AppleClient,
    eventId: string,
    items: ReadonlyArray<EventItem>,
  ): Promise<ReadonlyMap<string, Settlement>> {
    return new Promise((resolve) => {
      const key = `${tenantId}\u0000${eventId}`;
      const tracked: Tracked = {
        client,
        items: new Map(items.map((item) => [itemKey(item.adamId, item), { item }])),
        unsettled: items.length,
        resolve,
        started: Date.now(),
        interval: this.options.pollAfterMs,
      };
      this.#events.set(key, tracked);
      for (const report of this.#early.get(key) ?? []) this.#apply(key, tracked, report);
      this.#early.delete(key);
      if (this.#events.has(key)) this.#schedule(key, tracked);
    });
  }

  /** Applies a notification about an event of `tenantId`. */
  report(tenantId: string, report: EventReport): void {
    const key = `${tenantId}\u0000${report.eventId}`;
    const tracked = this.#events.get(key);
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

  /** Stops polling; events still awaited never settle. */
  close(): void {
    this.#closed = true;
    for (const tracked of this.#events.values()) clearTimeout(tracked.timer);
    this.#events.clear();
  }

  #apply(key: string, tracked: Tracked, report: EventReport): void {
    const outcome: Settlement = report.failed ? { ok: false, errorNumber: report.errorNumber } : { ok: true };
    if (report.items.length === 0) {
      // A failure naming nothing is the whole event's; a success naming nothing settles nothing.
      if (report.failed) this.#settleRest(key, tracked, outcome);
      return;
    }
    for (const item of report.items) {
      const settled =
        outcome.ok && item.inviteCode !== undefined
          ? { ok: true as const, inviteCode: item.inviteCode }
          : outcome;
      this.#settle(key, tracked, itemKey(item.adamId, item), settled);
    }
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
    settlement: Settlement | ((item: EventItem) => Settlement),
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
    this.#events.delete(key);
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
    if (!this.#events.has(key)) return;
    const eventId = key.slice(key.indexOf("\u0000") + 1);
    if (Date.now() - tracked.started > this.options.eventTimeoutMs) {
      this.#settleRest(key, tracked, { ok: false, errorNumber: undefined });
      return;
    }
    try {
      this.options.onStatusRequest?.();
      const status = await tracked.client.eventStatus(eventId);
      if (!this.#events.has(key)) return;
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
      if (!this.#events.has(key)) return;
      // 9708: Apple no longer knows the event: its items are sent again.
      if (isAppleApiError(error) && error.errorNumber === 9708) {
        return this.#settleRest(key, tracked, { ok: false, errorNumber: undefined });
      }
      this.#schedule(key, tracked);
    }
  }
}
