import { LedgerError } from "../store/errors.js";

/**
 * One process's exclusive right to run a processor (issue 8, several host processes), granted by a
 * {@link LeaseStore} for a time-to-live and kept by renewing it. `(owner, epoch)` names one term of ownership:
 * a sink that commits in a transaction checks it there ({@link LeaseStore} adapters offer the check, e.g.
 * `assertLeaseHeld` of `@vpp-ledger/eventstore-postgres`), so a process that lost the lease can never commit.
 */
export interface ProcessorLease {
  /** What is leased: a processor's name (a partitioned processor would lease `name/partition`). */
  readonly name: string;
  /** Who holds it: an id unique to one {@link LeasedProcessor} instance. */
  readonly owner: string;
  /**
   * The fencing token: it grows each time the lease is taken afresh (a new owner, or after it expired), and
   * never goes back, so a commit checked against it cannot come from an earlier term.
   */
  readonly epoch: bigint;
  /** For how long each acquisition or renewal holds, in milliseconds. */
  readonly ttlMs: number;
}

/** What an acquisition got: the lease, or who holds it and for how long at most. */
export type LeaseAttempt =
  | { readonly kind: "acquired"; readonly lease: ProcessorLease }
  | {
      readonly kind: "held";
      readonly owner: string;
      /** Time until the holder's lease expires unless renewed (0 when it just ended): when to try again. */
      readonly expiresInMs: number;
    };

/**
 * Where leases live. The PostgreSQL adapter keeps one row per lease in the event store's schema and measures
 * time with the database's clock, so hosts' clocks need not agree; {@link InMemoryLeaseStore} serves one process.
 */
export interface LeaseStore {
  /**
   * Takes the lease when nobody holds it, its holder let it expire, or `owner` holds it already (then it is
   * renewed, same epoch). Otherwise reports the holder.
   */
  acquire(name: string, owner: string, ttlMs: number): Promise<LeaseAttempt>;
  /**
   * Extends the lease by its TTL from now. False when it changed hands (the epoch moved on): the term is over.
   * A lease that expired but was taken by nobody is renewed: no other term began, so nothing was fenced out.
   */
  renew(lease: ProcessorLease): Promise<boolean>;
  /** Ends the term at once (graceful stop), so another process need not wait for the TTL; a lost one is left. */
  release(lease: ProcessorLease): Promise<void>;
}

/** A commit was refused because its lease changed hands or ran out: the batch was not committed. */
export class LeaseLost extends LedgerError {
  constructor(
    readonly leaseName: string,
    readonly epoch: bigint,
    why: string,
  ) {
    // Not retryable: retrying the same commit under the same term fails the same way. The leased processor
    // steps down and competes for the lease again; the new owner processes the batch from the checkpoint.
    super("lease-lost", `lease ${leaseName} (epoch ${epoch}): ${why}; the batch was not committed`);
  }
}

interface HeldLease {
  readonly owner: string;
  readonly epoch: bigint;
  readonly expiresAt: number;
}

/**
 * A {@link LeaseStore} in memory, for one process (tests, demos, single-process hosts). `now` is a clock in
 * milliseconds (core reads none of its own). {@link holds} is the fencing check a sink calls before it commits.
 */
export class InMemoryLeaseStore implements LeaseStore {
  readonly #leases = new Map<string, HeldLease>();

  constructor(private readonly now: () => number) {}

  async acquire(name: string, owner: string, ttlMs: number): Promise<LeaseAttempt> {
    const now = this.now();
    const held = this.#leases.get(name);
    if (held !== undefined && held.owner !== owner && held.expiresAt > now) {
      return { kind: "held", owner: held.owner, expiresInMs: held.expiresAt - now };
    }
    const renewing = held !== undefined && held.owner === owner && held.expiresAt > now;
    const epoch = renewing ? held.epoch : (held?.epoch ?? 0n) + 1n;
    this.#leases.set(name, { owner, epoch, expiresAt: now + ttlMs });
    return { kind: "acquired", lease: { name, owner, epoch, ttlMs } };
  }

  async renew(lease: ProcessorLease): Promise<boolean> {
    if (!this.holds(lease)) return false;
    this.#leases.set(lease.name, {
      owner: lease.owner,
      epoch: lease.epoch,
      expiresAt: this.now() + lease.ttlMs,
    });
    return true;
  }

  async release(lease: ProcessorLease): Promise<void> {
    // The row stays, expired, so the next term's epoch is still higher than this one's.
    if (this.holds(lease)) this.#leases.set(lease.name, { ...this.#leases.get(lease.name)!, expiresAt: 0 });
  }

  /** True while `lease`'s term is the current one (its epoch was not taken over). */
  holds(lease: ProcessorLease): boolean {
    const held = this.#leases.get(lease.name);
    return held !== undefined && held.owner === lease.owner && held.epoch === lease.epoch;
  }
}
