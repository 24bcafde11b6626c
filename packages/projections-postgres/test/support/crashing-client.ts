import type { SqlClient, SqlExecutor } from "@vpp-ledger/eventstore-postgres";

/** Where an injected crash hits a transaction. */
export type CrashPoint =
  /** Before the transaction begins: the process died between two batches. */
  | { readonly kind: "between-batches" }
  /** After the batch's n-th statement: the process died inside the transaction. */
  | { readonly kind: "inside"; readonly afterStatements: number }
  /** After all the batch's statements, before COMMIT. */
  | { readonly kind: "before-commit" };

/** The failure an armed {@link CrashingClient} throws. */
export class InjectedCrash extends Error {
  constructor(point: CrashPoint) {
    super(`injected crash (${point.kind})`);
    this.name = "InjectedCrash";
  }
}

/**
 * A {@link SqlClient} that fails one chosen transaction at a chosen point, as a process dying there would: the
 * database rolls the transaction back, and the caller sees an error. Armed per run: after `transactions`
 * successful transactions, the next one crashes.
 */
export class CrashingClient implements SqlClient {
  #armed: { remaining: number; point: CrashPoint } | undefined;
  /** Crashes injected so far: a caller tells an injected failure from a real one by this count moving. */
  crashes = 0;

  constructor(private readonly inner: SqlClient) {}

  /** Lets `transactions` transactions commit, then crashes the next one at `point`. */
  arm(transactions: number, point: CrashPoint): void {
    this.#armed = { remaining: transactions, point };
  }

  disarm(): void {
    this.#armed = undefined;
  }

  query(sql: string, params?: Parameters<SqlExecutor["query"]>[1]) {
    return this.inner.query(sql, params);
  }

  async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const armed = this.#armed;
    if (armed === undefined || armed.remaining-- > 0) return this.inner.transaction(work);
    this.#armed = undefined;
    this.crashes += 1;
    const { point } = armed;
    if (point.kind === "between-batches") throw new InjectedCrash(point);
    return this.inner.transaction<T>(async (tx) => {
      let statements = 0;
      const crashing: SqlExecutor = {
        query: async (sql, params) => {
          if (point.kind === "inside" && statements++ >= point.afterStatements)
            throw new InjectedCrash(point);
          return tx.query(sql, params);
        },
      };
      await work(crashing);
      throw new InjectedCrash(point);
    });
  }

  async close(): Promise<void> {}
}
