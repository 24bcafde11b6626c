import type { LicenseState } from "@vpp-ledger/core";

interface Pool {
  readonly holders: ReadonlyMap<string, string>;
  /** Holders Apple listed in the current assignments walk. */
  matched: number;
}

/**
 * The ledger's license holders per app, for comparing with Apple's assignments: filled from the pools the
 * assets step already touched, loaded on demand for any other app, kept for the run. It holds the ledger's
 * own state only; Apple's assignments stream past it, leaving one counter per pool.
 */
export class PoolHolders {
  readonly #pools = new Map<string, Pool>();

  constructor(private readonly load: (adamId: string) => Promise<LicenseState>) {}

  /** Keeps a pool's holders, as a command on it just returned them. */
  remember(adamId: string, state: LicenseState): void {
    this.#pools.set(adamId, { holders: state.holders, matched: 0 });
  }

  /** Whether the ledger has `userId` holding a license of `adamId`; a yes counts as matched. */
  async holds(adamId: string, userId: string): Promise<boolean> {
    let pool = this.#pools.get(adamId);
    if (pool === undefined) {
      pool = { holders: (await this.load(adamId)).holders, matched: 0 };
      this.#pools.set(adamId, pool);
    }
    if (!pool.holders.has(userId)) return false;
    pool.matched++;
    return true;
  }

  /** Forgets the matches: the assignments walk restarted and will list everything again. */
  resetMatches(): void {
    for (const pool of this.#pools.values()) pool.matched = 0;
  }

  /** Licenses the ledger holds that Apple did not list, over every pool seen. */
  get unmatched(): number {
    let total = 0;
    for (const pool of this.#pools.values()) total += pool.holders.size - pool.matched;
    return total;
  }
}
