import type { LeaseStore, ProcessorLease } from "./lease.js";
import { pause } from "./pause.js";

/**
 * Keeps one term of a lease alive for a {@link LeasedProcessor}: renews it every
 * `renewIntervalMs` and calls `onEnd` when a renewal is refused (`taken`: another owner has it) or when none
 * succeeded for 80% of the TTL (`expired`). That local deadline is counted from before each request was sent,
 * so the owner steps down before the database could hand the lease to another, whatever the network delay.
 */
export class LeaseHeartbeat {
  readonly #beat = new AbortController();
  readonly #running: Promise<void>;
  #deadline: ReturnType<typeof setTimeout>;

  constructor(
    private readonly leases: LeaseStore,
    private readonly lease: ProcessorLease,
    private readonly renewIntervalMs: number,
    private readonly onEnd: (reason: "taken" | "expired") => void,
    private readonly onError?: (error: unknown) => void,
  ) {
    this.#deadline = this.#valid();
    this.#running = this.#loop();
  }

  /**
   * Stops renewing. A renewal still in flight is waited for (at most one TTL), so that a release that follows
   * cannot be overtaken by it and the lease be held again by a process that has stopped.
   */
  async stop(): Promise<void> {
    this.#beat.abort();
    clearTimeout(this.#deadline);
    const bound = new AbortController();
    await Promise.race([this.#running, pause(this.lease.ttlMs, bound.signal)]);
    bound.abort();
  }

  #valid(): ReturnType<typeof setTimeout> {
    return setTimeout(() => this.onEnd("expired"), this.lease.ttlMs * 0.8);
  }

  async #loop(): Promise<void> {
    const { signal } = this.#beat;
    while (!signal.aborted) {
      await pause(this.renewIntervalMs, signal);
      if (signal.aborted) return;
      const next = this.#valid();
      const renewed = await this.leases.renew(this.lease).catch((error: unknown) => {
        this.onError?.(error);
        return undefined;
      });
      if (signal.aborted || renewed !== true) {
        clearTimeout(next);
        // A failed request proves nothing: the current deadline runs on, and the next beat tries again.
        if (renewed === false && !signal.aborted) this.onEnd("taken");
        continue;
      }
      clearTimeout(this.#deadline);
      this.#deadline = next;
    }
  }
}
