import { StoreClosed } from "@vpp-ledger/core";

/**
 * The open/closing state shared by the stores of one storage, so `close()` can drain. Until closing begins,
 * every store operation is admitted and tracked; once it begins, new operations fail at once with
 * {@link StoreClosed}, and the driver is ended only after every admitted operation settled. Without it,
 * ending the pool under running operations left them hanging forever or failing with the driver's raw
 * "Cannot use a pool after calling end" (PGlite: "PGlite is closed").
 *
 * An admitted operation runs to its end, however many statements it needs (an append that meets a duplicate
 * reads the stored events back), so it completes or fails for its own reasons, never half-way for closing.
 */
export class StoreLifecycle {
  readonly #what: string;
  readonly #running = new Set<Promise<void>>();
  #closing: Promise<void> | undefined;

  /** `what` names the store in {@link StoreClosed}'s message, e.g. `the PostgreSQL storage of schema "x"`. */
  constructor(what: string) {
    this.#what = what;
  }

  /** True once {@link close} was called: new operations are refused. */
  get closing(): boolean {
    return this.#closing !== undefined;
  }

  /** Runs `work` as one admitted operation, or fails at once with {@link StoreClosed} once closing began. */
  admit<T>(work: () => Promise<T>): Promise<T> {
    if (this.#closing !== undefined) return Promise.reject(new StoreClosed(this.#what));
    let running: Promise<T>;
    try {
      running = work();
    } catch (error) {
      running = Promise.reject(error);
    }
    const settled = running.then(
      () => undefined,
      () => undefined,
    );
    this.#running.add(settled);
    void settled.then(() => this.#running.delete(settled));
    return running;
  }

  /**
   * Refuses new operations, waits until every admitted one settled, then runs `end` (ending the pool or PGlite
   * instance the storage owns). Idempotent: every call returns the same promise, and `end` runs once.
   */
  close(end: () => Promise<void>): Promise<void> {
    this.#closing ??= this.#drain().then(end);
    return this.#closing;
  }

  async #drain(): Promise<void> {
    // Nothing new is admitted once closing began, so this ends; the loop only guards the set's iteration.
    while (this.#running.size > 0) await Promise.all([...this.#running]);
  }
}
