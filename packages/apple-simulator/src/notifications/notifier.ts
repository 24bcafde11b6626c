import { randomUUID } from "node:crypto";
import type { Location, NotificationConfig } from "../model/location.js";
import { type Cancel, ManualClock, type SimClock } from "../realism/clock.js";
import type { SeededRandom } from "../realism/random.js";
import { postNotification } from "./delivery.js";
import type { NotificationEnvelope, OutgoingNotification } from "./types.js";

/** One delivery attempt. */
export interface NotificationAttempt {
  readonly at: number;
  readonly status?: number;
  readonly error?: string;
}

/** A sent notification as the log keeps it (never with the auth token). */
export interface NotificationRecord {
  readonly notificationId: string;
  readonly notificationType: OutgoingNotification["type"];
  readonly uId: string;
  readonly url: string;
  readonly envelope: NotificationEnvelope;
  readonly attempts: NotificationAttempt[];
  delivered: boolean;
  /** Realistic mode: Apple gave up on it before any attempt (never POSTed). */
  dropped: boolean;
  /** How many times it is sent: 2 when the realistic mode duplicates it (same notificationId). */
  copies: number;
}

/** Delivery tuning; Apple retries over minutes, tests over milliseconds. Delays are simulated ms. */
export interface NotifierOptions {
  readonly retryDelaysMs: readonly number[];
  readonly timeoutMs: number;
  /** Delay before the first attempt; [0, 0] keeps notifications of a location in order, one after the other. */
  readonly delayMs: readonly [number, number];
  readonly duplicateRate: number;
  readonly dropRate: number;
}

/** Apple tries a notification up to 3 times; any 2xx counts as delivered. */
const MAX_ATTEMPTS = 3;

/**
 * Delivers notifications, retrying failures, and keeps a log of everything sent. Without a delay, one after
 * the other per location (so a test sees them in event order); with the realistic mode's delays, each on its
 * own, so they arrive late and out of order, some twice, some never.
 */
export class Notifier {
  readonly log: NotificationRecord[] = [];
  private readonly queues = new Map<Location, Promise<void>>();
  private readonly sleeps = new Set<() => void>();
  /** Delayed deliveries, settled when they finish (or on close). */
  private readonly delayed = new Set<Promise<void>>();
  private closed = false;

  constructor(
    private readonly options: NotifierOptions,
    private readonly clock: SimClock,
    private readonly random: SeededRandom,
  ) {}

  /** Queues a notification if the location has a URL and subscribes to the type. */
  readonly send = (location: Location, outgoing: OutgoingNotification): void => {
    const config = location.notificationConfig;
    if (config === undefined || this.closed) return;
    const subscribed =
      outgoing.type === "TEST_NOTIFICATION" || location.subscribedNotificationTypes.includes(outgoing.type);
    if (!subscribed) return;
    const record = this.record(location.uId, config.url, outgoing);
    if (this.random.chance(this.options.dropRate)) {
      record.dropped = true;
      return;
    }
    if (this.random.chance(this.options.duplicateRate)) record.copies = 2;
    const delay = this.random.between(this.options.delayMs);
    if (delay === 0 && this.options.delayMs[1] === 0) {
      const previous = this.queues.get(location) ?? Promise.resolve();
      const next = previous.then(() => this.deliverCopies(record, config));
      this.queues.set(location, next);
      return;
    }
    const done: Promise<void> = this.sleep(delay)
      .then(() => this.deliverCopies(record, config))
      .finally(() => this.delayed.delete(done));
    this.delayed.add(done);
  };

  /**
   * Sends TEST_NOTIFICATION once, synchronously for the caller: `POST client/config` is rejected (9728) when
   * the URL does not answer 2xx.
   */
  async sendTest(uId: string, config: NotificationConfig): Promise<boolean> {
    const record = this.record(uId, config.url, { type: "TEST_NOTIFICATION", notification: {} });
    await this.attempt(record, config);
    return record.delivered;
  }

  /** Resolves once every queued notification has been delivered or given up. */
  async idle(): Promise<void> {
    for (;;) {
      const queues = [...this.queues.values()];
      // On a manual clock, delayed ones wait for `advanceTime`; waiting for them here would never end.
      const delayed = this.clock instanceof ManualClock ? [] : [...this.delayed];
      await Promise.all([...queues, ...delayed]);
      const unchanged = [...this.queues.values()].every((queue, index) => queue === queues[index]);
      if (unchanged && (this.clock instanceof ManualClock || this.delayed.size === 0)) return;
    }
  }

  /** Stops retrying and drops what is queued. */
  close(): void {
    this.closed = true;
    for (const wake of this.sleeps) wake();
    this.sleeps.clear();
  }

  private record(uId: string, url: string, outgoing: OutgoingNotification): NotificationRecord {
    const envelope: NotificationEnvelope = {
      notification: outgoing.notification,
      notificationId: randomUUID(),
      notificationType: outgoing.type,
      uId,
    };
    const record: NotificationRecord = {
      notificationId: envelope.notificationId,
      notificationType: outgoing.type,
      uId,
      url,
      envelope,
      attempts: [],
      delivered: false,
      dropped: false,
      copies: 1,
    };
    this.log.push(record);
    return record;
  }

  private async deliverCopies(record: NotificationRecord, config: NotificationConfig): Promise<void> {
    await this.deliver(record, config);
    // A duplicate is a second, independent delivery of the same envelope, as Apple "happens to" send.
    for (let copy = 1; copy < record.copies && !this.closed; copy += 1) {
      await this.sleep(this.random.between(this.options.delayMs));
      await this.deliver(record, config);
    }
  }

  /** Up to 3 attempts of one copy; stops at the first 2xx. */
  private async deliver(record: NotificationRecord, config: NotificationConfig): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS && !this.closed; attempt += 1) {
      if (attempt > 0) await this.sleep(this.options.retryDelaysMs[attempt - 1] ?? 0);
      if (this.closed) return;
      if (await this.attempt(record, config)) return;
    }
  }

  /** One POST; true when it answered 2xx. `delivered` stays true once any copy got through. */
  private async attempt(record: NotificationRecord, config: NotificationConfig): Promise<boolean> {
    const at = Date.now();
    try {
      const body = JSON.stringify(record.envelope);
      const status = await postNotification(config.url, config.authToken, body, this.options.timeoutMs);
      record.attempts.push({ at, status });
      const ok = status >= 200 && status < 300;
      record.delivered ||= ok;
      return ok;
    } catch (error) {
      record.attempts.push({ at, error: error instanceof Error ? error.message : String(error) });
      return false;
    }
  }

  /** Waits `ms` simulated ms on the simulator's clock; close() wakes every sleeper at once. */
  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let cancel: Cancel = () => undefined;
      const wake = () => {
        cancel();
        this.sleeps.delete(wake);
        resolve();
      };
      cancel = this.clock.schedule(ms, wake);
      this.sleeps.add(wake);
    });
  }
}
