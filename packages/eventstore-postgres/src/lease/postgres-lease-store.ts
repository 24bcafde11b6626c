import type { LeaseAttempt, LeaseStore, ProcessorLease } from "@vpp-ledger/core";
import type { SqlExecutor } from "../sql/client.js";
import { assertStorableText, assertValidName } from "../store/column-input.js";
import { StoreLifecycle } from "../store/lifecycle.js";
import { runOperation } from "../store/operation.js";
import { assertLeaseHeld } from "./assert-lease-held.js";

/** The longest TTL accepted: a day (a lease is meant to move within seconds of its owner's death). */
const MAX_TTL_MS = 86_400_000;

const assertTtl = (ttlMs: unknown): void => {
  if (typeof ttlMs !== "number" || !Number.isSafeInteger(ttlMs) || ttlMs < 1 || ttlMs > MAX_TTL_MS) {
    throw new RangeError(`lease ttlMs must be an integer from 1 to ${MAX_TTL_MS} milliseconds`);
  }
};

/**
 * The {@link LeaseStore} port over PostgreSQL: one row per lease in the schema's `leases` table (migration 5),
 * timed by the database's clock. Same SQL on the server and on PGlite, where one process is the only
 * contender, so the lease is always its own. See docs/processors.md.
 */
export class PostgresLeaseStore implements LeaseStore {
  readonly #db: SqlExecutor;
  readonly #schema: string;
  readonly #lifecycle: StoreLifecycle;

  /** `schema` must already be validated and migrated (the factories do both). */
  constructor(db: SqlExecutor, schema: string, options: { readonly lifecycle?: StoreLifecycle } = {}) {
    this.#db = db;
    this.#schema = schema;
    this.#lifecycle =
      options.lifecycle ?? new StoreLifecycle(`the PostgreSQL lease store of schema "${schema}"`);
  }

  /**
   * One upsert: takes a missing, expired or own lease (the epoch grows unless `owner` renews a live term), and
   * leaves a live lease of another owner alone, which a second query then reports with its remaining time.
   */
  acquire(name: string, owner: string, ttlMs: number): Promise<LeaseAttempt> {
    return runOperation(this.#lifecycle, "leases.acquire", async () => {
      assertValidName("lease name", name);
      assertValidName("lease owner", owner);
      assertTtl(ttlMs);
      const rows = await this.#db.query(
        `INSERT INTO "${this.#schema}".leases AS l (name, owner, epoch, expires_at, acquired_at, renewed_at)
         VALUES ($1, $2, 1, clock_timestamp() + $3 * interval '1 millisecond', clock_timestamp(), clock_timestamp())
         ON CONFLICT (name) DO UPDATE SET
           epoch = CASE WHEN l.owner = excluded.owner AND l.expires_at > clock_timestamp()
                        THEN l.epoch ELSE l.epoch + 1 END,
           acquired_at = CASE WHEN l.owner = excluded.owner AND l.expires_at > clock_timestamp()
                              THEN l.acquired_at ELSE excluded.acquired_at END,
           owner = excluded.owner, expires_at = excluded.expires_at, renewed_at = excluded.renewed_at
          WHERE l.owner = excluded.owner OR l.expires_at <= clock_timestamp()
         RETURNING epoch::text AS epoch`,
        [name, owner, ttlMs],
      );
      const epoch = rows[0]?.epoch;
      if (typeof epoch === "string")
        return { kind: "acquired", lease: { name, owner, epoch: BigInt(epoch), ttlMs } };
      const held = await this.#db.query(
        `SELECT owner, greatest(0, ceil(extract(epoch FROM expires_at - clock_timestamp()) * 1000))::text AS left_ms
           FROM "${this.#schema}".leases WHERE name = $1`,
        [name],
      );
      // The holder may have released it between the two statements: then try again at once.
      return {
        kind: "held",
        owner: String(held[0]?.owner ?? ""),
        expiresInMs: Number(held[0]?.left_ms ?? 0),
      };
    });
  }

  /** Extends the term by its TTL from now, unless another owner took the lease (its epoch moved on). */
  renew(lease: ProcessorLease): Promise<boolean> {
    return runOperation(this.#lifecycle, "leases.renew", async () => {
      this.#assertLease(lease);
      const rows = await this.#db.query(
        `UPDATE "${this.#schema}".leases
            SET expires_at = clock_timestamp() + $4 * interval '1 millisecond', renewed_at = clock_timestamp()
          WHERE name = $1 AND owner = $2 AND epoch = $3::bigint
          RETURNING 1 AS renewed`,
        [lease.name, lease.owner, lease.epoch.toString(), lease.ttlMs],
      );
      return rows.length > 0;
    });
  }

  /** Expires the term now (the row and its epoch stay, so epochs never go back); a lost term is left alone. */
  release(lease: ProcessorLease): Promise<void> {
    return runOperation(this.#lifecycle, "leases.release", async () => {
      this.#assertLease(lease);
      await this.#db.query(
        `UPDATE "${this.#schema}".leases SET expires_at = clock_timestamp()
          WHERE name = $1 AND owner = $2 AND epoch = $3::bigint`,
        [lease.name, lease.owner, lease.epoch.toString()],
      );
    });
  }

  /** {@link assertLeaseHeld} on this store's schema: call it inside the transaction that commits a batch. */
  assertHeld(tx: SqlExecutor, lease: ProcessorLease): Promise<void> {
    return assertLeaseHeld(tx, this.#schema, lease);
  }

  #assertLease(lease: ProcessorLease): void {
    assertValidName("lease name", lease.name);
    assertStorableText("lease owner", lease.owner);
    assertTtl(lease.ttlMs);
    if (typeof lease.epoch !== "bigint" || lease.epoch < 1n)
      throw new TypeError("lease epoch must be a bigint >= 1n");
  }
}
