import type { LicenseState, VppAccountState, VppLedger } from "@vpp-ledger/core";

interface Cached<S> {
  readonly state: S;
  readonly version: bigint;
}

/**
 * The ledger's current state of the streams a delivery touches, cached for the run. A cached state is never
 * older than the log position the delivery has read: passing an event of a newer version drops it, so every
 * action sees at least what the log said up to its own event, and usually more (the latest word).
 */
export class LedgerView {
  readonly #accounts = new Map<string, Cached<VppAccountState>>();
  readonly #pools = new Map<string, Cached<LicenseState>>();

  constructor(private readonly ledger: VppLedger) {}

  /** Forgets cached states older than an event just read. */
  passed(tenantId: string, adamId: string | undefined, version: bigint): void {
    const cache = adamId === undefined ? this.#accounts : this.#pools;
    const key = adamId === undefined ? tenantId : `${tenantId}:${adamId}`;
    const cached = cache.get(key);
    if (cached !== undefined && cached.version < version) cache.delete(key);
  }

  /** Forgets the account's state after this delivery wrote to it. */
  forgetAccount(tenantId: string): void {
    this.#accounts.delete(tenantId);
  }

  /** Forgets a pool's state after this delivery wrote to it. */
  forgetPool(tenantId: string, adamId: string): void {
    this.#pools.delete(`${tenantId}:${adamId}`);
  }

  /** The account's state, at least as new as the log position read. */
  async account(tenantId: string): Promise<VppAccountState> {
    const cached = this.#accounts.get(tenantId);
    if (cached) return cached.state;
    const loaded = await this.ledger.loadAccount(tenantId);
    this.#accounts.set(tenantId, loaded);
    return loaded.state;
  }

  /** A pool's state, at least as new as the log position read. */
  async pool(tenantId: string, adamId: string): Promise<LicenseState> {
    const key = `${tenantId}:${adamId}`;
    const cached = this.#pools.get(key);
    if (cached) return cached.state;
    const loaded = await this.ledger.loadLicense(tenantId, adamId);
    this.#pools.set(key, loaded);
    return loaded.state;
  }
}
