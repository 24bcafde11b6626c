import { type SqlClient, StoreLifecycle, toPortError } from "@vpp-ledger/eventstore-postgres";

/**
 * The read models' connection, as every part of the package uses it: each statement and transaction is admitted
 * by one lifecycle (after `close()` began it fails at once with `StoreClosed`, and `close()` waits for running
 * ones), and every failure becomes a port error that names the operation and the SQLSTATE, never a value (a
 * driver's message may echo a tenant's data).
 */
export const guardedClient = (
  client: SqlClient,
  what: string,
): SqlClient & { readonly lifecycle: StoreLifecycle } => {
  const lifecycle = new StoreLifecycle(what);
  const guard = async <T>(operation: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await lifecycle.admit(work);
    } catch (error) {
      throw toPortError(error, operation);
    }
  };
  return {
    lifecycle,
    query: (sql, params) => guard("a read-model query", () => client.query(sql, params)),
    transaction: (work) => guard("a read-model transaction", () => client.transaction(work)),
    close: () => lifecycle.close(() => client.close()),
  };
};
