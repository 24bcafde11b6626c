import type { LicenseState } from "@vpp-ledger/core";

interface Pool {
  readonly state: LicenseState;
  /** Holders Apple listed in the current assignments walk (a set: a walk under churn may repeat a page). */
  readonly matched: Set<string>;
}

/**
 * The ledger's license pools of one account, for comparing with Apple: filled from the pools the assets step
 * already touched, loaded on demand for any other app, kept for the run. It holds the ledger's own state
 * only; Apple's assignments stream past it, leaving the holders they matched per pool.
 */
export class PoolHolders {
  readonly #pools = new Map<string, Pool>();

  constructor(private readonly load: (adamId: string) => Promise<LicenseState>) {}

  /** Keeps a pool's state, as a command on it just returned it. */
  remember(adamId: string, state: LicenseState): void {
    this.#pools.set(adamId, { state, matched: this.#pools.get(adamId)?.matched ?? new Set() });
  }

  /** The pool's state (loaded once). */
  async state(adamId: string): Promise<LicenseState> {
    return (await this.#pool(adamId)).state;
  }

  async #pool(adamId: string): Promise<Pool> {
    let pool = this.#pools.get(adamId);
    if (pool === undefined) {
      pool = { state: await this.load(adamId), matched: new Set() };
      this.#pools.set(adamId, pool);
    }
    return pool;
  }

  /** Whether the ledger has `holder` holding a license of `adamId`; a yes counts as matched. */
  async holds(adamId: string, holder: string): Promise<boolean> {
    const pool = await this.#pool(adamId);
    if (!pool.state.holders.has(holder)) return false;
    pool.matched.add(holder);
    return true;
  }

  /** Licenses the ledger holds that Apple did not list, over every pool seen. */
  get unmatched(): number {
    let total = 0;
    for (const pool of this.#pools.values()) total += pool.state.holders.size - pool.matched.size;
    return total;
  }
}
