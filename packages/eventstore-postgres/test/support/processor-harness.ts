import type { EventStoreHarness, ExactlyOnceTarget, ProcessorHarness } from "@vpp-ledger/core/testing";
import { type PostgresStorage, transactionalSink } from "../../src/index.js";

/**
 * A {@link ProcessorHarness} over a storage: its checkpoints, parked streams, leases and NOTIFY wakeup, and an
 * exactly-once sink that records each event id in a table of the schema, in the batch's transaction.
 */
export const processorHarness = async (
  storage: PostgresStorage,
  extra: { readonly holdAppend?: EventStoreHarness["holdAppend"]; readonly close: () => Promise<void> },
): Promise<ProcessorHarness> => {
  const table = `"${storage.schema}".contract_processed`;
  await storage.transaction((tx) =>
    tx.query(`CREATE TABLE ${table} (seq bigint GENERATED ALWAYS AS IDENTITY, name text, event_id uuid)`),
  );
  const exactlyOnceSink = async (name: string): Promise<ExactlyOnceTarget> => {
    let fail = false;
    const sink = transactionalSink(storage, {
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
    });
    return {
      sink,
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
  return {
    store: storage.store,
    checkpoints: storage.checkpoints,
    parked: storage.parked,
    leases: storage.leases,
    wakeup: storage.wakeup,
    exactlyOnceSink,
    ...(extra.holdAppend === undefined ? {} : { holdAppend: extra.holdAppend }),
    close: extra.close,
  };
};
