import type { ExactlyOnceTarget } from "@vpp-ledger/core/testing";
import { type PostgresStorage, transactionalSink } from "@vpp-ledger/eventstore-postgres";

/** The PostgreSQL server to keep checkpoints in while the log is EventStoreDB's (unset: those suites skip). */
export const PG_URL = process.env.VPP_PG_URL;

/**
 * An exactly-once sink in PostgreSQL for a processor reading EventStoreDB: each event id goes into a table of
 * the storage's schema in the batch's transaction, with the checkpoint and the lease check.
 */
export const exactlyOnceInPostgres = async (storage: PostgresStorage) => {
  const table = `"${storage.schema}".esdb_processed`;
  await storage.transaction((tx) =>
    tx.query(`CREATE TABLE ${table} (seq bigint GENERATED ALWAYS AS IDENTITY, name text, event_id uuid)`),
  );
  return async (name: string): Promise<ExactlyOnceTarget> => {
    let fail = false;
    return {
      sink: transactionalSink(storage, {
        name,
        apply: async (tx, batch) => {
          for (const event of batch.events) {
            await tx.query(`INSERT INTO ${table} (name, event_id) VALUES ($1, $2::uuid)`, [
              name,
              event.place.eventId,
            ]);
          }
          if (fail) {
            fail = false;
            throw new Error("crash inside the batch's transaction");
          }
        },
      }),
      failNextCommit: () => {
        fail = true;
      },
      recorded: async () =>
        (
          await storage.transaction((tx) =>
            tx.query(`SELECT event_id::text AS id FROM ${table} WHERE name = $1 ORDER BY seq`, [name]),
          )
        ).map((row) => String(row.id)),
    };
  };
};
