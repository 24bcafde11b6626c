import type { LicenseState } from "@vpp-ledger/core";

interface Pool {
  readonly state: LicenseState;
  /** Users Apple listed in the current assignments walk (a set: a walk under churn may repeat a page). */
  readonly matched: Set<string>;
  /** Devices (serial numbers) Apple listed in the current walk; apart from users, whose ids may look alike. */
  readonly matchedDevices: Set<string>;
}

/** Who holds a license: a user (`clientUserId`) or a device (`serialNumber`). */
export type HolderKind = "user" | "device";

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
    const known = this.#pools.get(adamId);
    this.#pools.set(adamId, {
      state,
      matched: known?.matched ?? new Set(),
      matchedDevices: known?.matchedDevices ?? new Set(),
    });
  }

  /** The pool's state (loaded once). */
  async state(adamId: string): Promise<LicenseState> {
    return (await this.#pool(adamId)).state;
  }

  async #pool(adamId: string): Promise<Pool> {
    let pool = this.#pools.get(adamId);
    if (pool === undefined) {
      pool = { state: await this.load(adamId), matched: new Set(), matchedDevices: new Set() };
      this.#pools.set(adamId, pool);
    }
    return pool;
  }

  /** Whether the ledger has `holder` (a user, or a device's serial number) holding a license of `adamId`; a yes counts as matched. */
  async holds(adamId: string, holder: string, kind: HolderKind = "user"): Promise<boolean> {
    const pool = await this.#pool(adamId);
    const held = kind === "user" ? pool.state.holders.has(holder) : pool.state.devices.has(holder);
    if (!held) return false;
    (kind === "user" ? pool.matched : pool.matchedDevices).add(holder);
    return true;
  }

  /** Users' licenses the ledger holds that Apple did not list, over every pool seen. */
  get unmatched(): number {
    let total = 0;
    for (const pool of this.#pools.values()) total += pool.state.holders.size - pool.matched.size;
    return total;
  }

  /** Devices' licenses the ledger holds that Apple did not list, over every pool seen. */
  get unmatchedDevices(): number {
    let total = 0;
    for (const pool of this.#pools.values()) total += pool.state.devices.size - pool.matchedDevices.size;
    return total;
  }
}
