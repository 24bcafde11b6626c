import type { LogWakeup } from "@vpp-ledger/core";
import type { PgliteDatabase } from "../sql/pglite-types.js";

/**
 * A {@link LogWakeup} over PGlite's in-process LISTEN (`pglite.listen`): the same NOTIFY as on a server
 * (migration 4), delivered by the one PGlite instance to the processors of the same process at commit, with no
 * connection that could be lost. Only appends through this instance are heard: PGlite has one process.
 */
export class PgliteWakeup implements LogWakeup {
  readonly #db: PgliteDatabase;
  readonly #channel: string;
  readonly #listeners = new Set<() => void>();
  #unlisten: Promise<(() => Promise<void>) | undefined> | undefined;

  constructor(db: PgliteDatabase, channel: string) {
    this.#db = db;
    this.#channel = channel;
  }

  /** Calls `listener` on every append's notification (and once when listening starts). */
  subscribe(listener: () => void): () => void {
    const wrapped = () => listener();
    this.#listeners.add(wrapped);
    if (this.#listeners.size === 1) {
      this.#unlisten = this.#db
        .listen(this.#channel, () => this.#wake())
        .then((unlisten) => {
          // Appends committed before LISTEN took effect sent this session nothing: one pass to catch up.
          this.#wake();
          return unlisten;
        })
        // A closed instance cannot listen: processors then poll, which is what they do without a wakeup.
        .catch(() => undefined);
    }
    return () => {
      this.#listeners.delete(wrapped);
      if (this.#listeners.size === 0) void this.close();
    };
  }

  /** Stops listening (the storage's `close()` calls it before closing PGlite). */
  async close(): Promise<void> {
    const pending = this.#unlisten;
    this.#unlisten = undefined;
    const unlisten = await pending;
    if (unlisten !== undefined && !this.#db.closed) await unlisten().catch(() => undefined);
  }

  #wake(): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener();
      } catch {
        // A listener's failure is its processor's business; the others must still be woken.
      }
    }
  }
}
