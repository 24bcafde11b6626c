import { validateSchemaName } from "../schema/identifier.js";
import type { SqlClient } from "../sql/client.js";

/** What the budget needs of a database: transactions (a `SqlClient`, or a `PostgresStorage` itself). */
export type AppleBudgetDatabase = Pick<SqlClient, "transaction">;

/** Ends a request admitted by {@link PostgresAppleBudget}: call it once the response is in (or failed). */
export type ReleaseAppleSlot = () => void;

/** One token's request slots, shared through the database (the shape `@vpp-ledger/apple-sync` calls). */
export interface AppleRequestSlots {
  acquire(
    maxPerWindow: number,
    deadline: number,
    signal?: AbortSignal,
  ): Promise<ReleaseAppleSlot | undefined>;
}

/** Options of {@link PostgresAppleBudget}. */
export interface PostgresAppleBudgetOptions {
  /** Where the tables are (created by `ensureAppleBudgetSchema`). */
  readonly schema: string;
  /** How long a finished request keeps its slot (default 1 010 ms: Apple's second, and a margin). */
  readonly windowMs?: number;
  /**
   * How long a request never marked finished keeps its slot: its process died mid-request (default 60 000 ms,
   * above the client's 30 s attempt timeout).
   */
  readonly abandonedAfterMs?: number;
  /** How often to look again while every slot is taken by requests in flight (default 25 ms). */
  readonly pollMs?: number;
  /** Told when a release could not be written (the slot then expires as abandoned). */
  readonly onError?: (error: unknown) => void;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/**
 * Apple's `maxRequestPerSecond` per token, held across every process that shares the database: the same rule
 * as the client's in-process limiter (a slot comes back one window after its request finished, so no window
 * of Apple's sees more than the limit arrive), with the slots as rows and the database's clock as the only
 * clock. Each acquisition is one short transaction serialised per token by an advisory lock. Structurally a
 * `RequestBudget` of `@vpp-ledger/apple-sync`: pass it as the client's `rateLimiters`.
 */
export class PostgresAppleBudget {
  readonly #db: AppleBudgetDatabase;
  readonly #schema: string;
  readonly #windowMs: number;
  readonly #abandonedAfterMs: number;
  readonly #pollMs: number;
  readonly #onError: ((error: unknown) => void) | undefined;

  constructor(db: AppleBudgetDatabase, options: PostgresAppleBudgetOptions) {
    this.#db = db;
    this.#schema = validateSchemaName(options.schema);
    this.#windowMs = options.windowMs ?? 1_010;
    this.#abandonedAfterMs = options.abandonedAfterMs ?? 60_000;
    this.#pollMs = options.pollMs ?? 25;
    this.#onError = options.onError;
  }

  /** The slots of the token with this fingerprint (store fingerprints only, never tokens). */
  forToken(fingerprint: string): AppleRequestSlots {
    return { acquire: (limit, deadline, signal) => this.#acquire(fingerprint, limit, deadline, signal) };
  }

  async #acquire(
    token: string,
    maxPerWindow: number,
    deadline: number,
    signal?: AbortSignal,
  ): Promise<ReleaseAppleSlot | undefined> {
    const limit = Math.max(1, Math.floor(maxPerWindow));
    for (;;) {
      signal?.throwIfAborted();
      const attempt = await this.#try(token, limit);
      if (attempt.id !== undefined) return this.#releaser(attempt.id);
      const waitMs = attempt.opensInMs ?? this.#pollMs;
      if (Date.now() + waitMs > deadline) return undefined;
      await sleep(Math.max(1, waitMs), signal);
    }
  }

  /** One transaction: forget spent slots, count the live ones, take one if there is room. */
  #try(token: string, limit: number): Promise<{ id?: string; opensInMs?: number }> {
    const table = `"${this.#schema}".apple_request_slots`;
    return this.#db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`apple-budget:${token}`]);
      await tx.query(
        `DELETE FROM ${table} WHERE token = $1 AND (
           finished_at < clock_timestamp() - $2 * interval '1 millisecond'
           OR (finished_at IS NULL AND sent_at < clock_timestamp() - $3 * interval '1 millisecond'))`,
        [token, this.#windowMs, this.#abandonedAfterMs],
      );
      const [live] = await tx.query(
        `SELECT count(*)::int AS used, count(*) FILTER (WHERE finished_at IS NULL)::int AS in_flight,
                ceil(extract(epoch FROM min(finished_at) + $2 * interval '1 millisecond' - clock_timestamp())
                     * 1000)::int AS opens_in_ms
           FROM ${table} WHERE token = $1`,
        [token, this.#windowMs],
      );
      const used = Number(live?.used ?? 0);
      if (used < limit) {
        const [row] = await tx.query(
          `INSERT INTO ${table} (token, sent_at) VALUES ($1, clock_timestamp()) RETURNING id::text AS id`,
          [token],
        );
        return { id: String(row?.id) };
      }
      // Every slot in flight: poll. Otherwise the oldest finished slot opens first.
      const inFlight = Number(live?.in_flight ?? 0);
      const opens = live?.opens_in_ms;
      return inFlight >= limit || opens === null || opens === undefined ? {} : { opensInMs: Number(opens) };
    });
  }

  #releaser(id: string): ReleaseAppleSlot {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#db
        .transaction((tx) =>
          tx.query(
            `UPDATE "${this.#schema}".apple_request_slots SET finished_at = clock_timestamp() WHERE id = $1`,
            [id],
          ),
        )
        .catch((error: unknown) => this.#onError?.(error));
    };
  }
}
