import { randomUUID } from "node:crypto";
import type { Location, NotificationConfig } from "../model/location.js";
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
}

/** Delivery tuning; Apple retries over minutes, tests over milliseconds. */
export interface NotifierOptions {
  readonly retryDelaysMs: readonly number[];
  readonly timeoutMs: number;
}

/** Apple tries a notification up to 3 times; any 2xx counts as delivered. */
const MAX_ATTEMPTS = 3;

/**
 * Delivers notifications one after the other per location (so a test sees them in event order), retrying
 * failures, and keeps a log of everything sent.
 */
export class Notifier {
  readonly log: NotificationRecord[] = [];
  private readonly queues = new Map<Location, Promise<void>>();
  private readonly sleeps = new Set<() => void>();
  private closed = false;

  constructor(private readonly options: NotifierOptions) {}

  /** Queues a notification if the location has a URL and subscribes to the type. */
  readonly send = (location: Location, outgoing: OutgoingNotification): void => {
    const config = location.notificationConfig;
    if (config === undefined || this.closed) return;
    const subscribed =
      outgoing.type === "TEST_NOTIFICATION" || location.subscribedNotificationTypes.includes(outgoing.type);
    if (!subscribed) return;
    const record = this.record(location.uId, config.url, outgoing);
    const previous = this.queues.get(location) ?? Promise.resolve();
    const next = previous.then(() => this.deliver(record, config));
    this.queues.set(location, next);
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
      await Promise.all(queues);
      if ([...this.queues.values()].every((queue, index) => queue === queues[index])) return;
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
    };
    this.log.push(record);
    return record;
  }

  private async deliver(record: NotificationRecord, config: NotificationConfig): Promise<void> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS && !this.closed; attempt += 1) {
      if (attempt > 0) await this.sleep(this.options.retryDelaysMs[attempt - 1] ?? 0);
      if (this.closed) return;
      await this.attempt(record, config);
      if (record.delivered) return;
    }
  }

  private async attempt(record: NotificationRecord, config: NotificationConfig): Promise<void> {
    const at = Date.now();
    try {
      const body = JSON.stringify(record.envelope);
      const status = await postNotification(config.url, config.authToken, body, this.options.timeoutMs);
      record.attempts.push({ at, status });
      record.delivered = status >= 200 && status < 300;
    } catch (error) {
      record.attempts.push({ at, error: error instanceof Error ? error.message : String(error) });
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleeps.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleeps.add(wake);
    });
  }
}
