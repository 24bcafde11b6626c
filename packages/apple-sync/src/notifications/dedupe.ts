/** Where a notification stands in this server's processing. */
export type DedupeState = "new" | "in-progress" | "done";

/**
 * Remembers which notifications were processed. Apple delivers at least once (up to three tries), so each
 * `notificationId` must take effect once. Back it with the host's database when several processes receive
 * notifications.
 */
export interface NotificationDedupeStore {
  /** Claims the id: `new` the first time (now in progress), otherwise its current state. Atomic per id. */
  begin(notificationId: string): Promise<DedupeState>;
  /** Marks a claimed id as processed: later deliveries are acknowledged without effect. */
  complete(notificationId: string): Promise<void>;
  /** Releases a claim whose processing failed, so Apple's next try is processed. */
  abandon(notificationId: string): Promise<void>;
}

/**
 * An in-process {@link NotificationDedupeStore} keeping the most recent `capacity` ids (least recently seen
 * evicted first). Apple retries within minutes, so a few thousand ids cover any realistic burst.
 */
export class InMemoryDedupeStore implements NotificationDedupeStore {
  readonly #states = new Map<string, "in-progress" | "done">();

  constructor(private readonly capacity = 10_000) {}

  async begin(notificationId: string): Promise<DedupeState> {
    const state = this.#states.get(notificationId);
    if (state !== undefined) {
      this.#states.delete(notificationId);
      this.#states.set(notificationId, state);
      return state;
    }
    this.#states.set(notificationId, "in-progress");
    while (this.#states.size > this.capacity) {
      const oldest = this.#states.keys().next().value;
      if (oldest === undefined) break;
      this.#states.delete(oldest);
    }
    return "new";
  }

  async complete(notificationId: string): Promise<void> {
    this.#states.set(notificationId, "done");
  }

  async abandon(notificationId: string): Promise<void> {
    this.#states.delete(notificationId);
  }
}
