import type { LogWakeup } from "@vpp-ledger/core";
import { PostgresLeaseStore } from "../lease/postgres-lease-store.js";
import { appendChannel } from "../schema/channel.js";
import { DEFAULT_SCHEMA, validateSchemaName } from "../schema/identifier.js";
import { assertSchemaNotNewer, type MigrationReport, migrateSchema } from "../schema/migrate.js";
import { MIGRATIONS } from "../schema/migrations.js";
import type { SqlClient, SqlExecutor } from "../sql/client.js";
import { toPortError } from "../sql/errors.js";
import { StoreLifecycle } from "../store/lifecycle.js";
import { runOperation } from "../store/operation.js";
import { PostgresCheckpointStore } from "../store/postgres-checkpoint-store.js";
import { PostgresEventStore } from "../store/postgres-event-store.js";
import { PostgresParkedStreamStore } from "../store/postgres-parked-stream-store.js";
import { PostgresSnapshotStore } from "../store/postgres-snapshot-store.js";
import { PostgresWorkflowStateStore } from "../store/postgres-workflow-state-store.js";

/** Options shared by both factories. */
export interface StorageOptions {
  /** Schema holding the tables: one database can hold many independent stores. `vpp_ledger` unless set. */
  readonly schema?: string;
  /**
   * Create or upgrade the schema when opening (the default). With `false`, run {@link PostgresStorage.migrate}
   * yourself, e.g. in a deploy step; opening still refuses a schema newer than this library.
   */
  readonly migrate?: boolean;
  /** Events fetched per page by reads that do not pass `batchSize`; 500 unless set. */
  readonly readBatchSize?: number;
}

/**
 * An event store, a snapshot store, a checkpoint store and a parked stream store in one PostgreSQL schema, and
 * the handle that owns their connection.
 */
export interface PostgresStorage {
  readonly store: PostgresEventStore;
  readonly snapshots: PostgresSnapshotStore;
  /** Positions of the log's readers (projections, outbound delivery); only ever moves forward. */
  readonly checkpoints: PostgresCheckpointStore;
  /** Streams the log's readers parked because they could not process an event (R24); first entry wins. */
  readonly parked: PostgresParkedStreamStore;
  /** Leases of the log's processors among host processes (migration 5): give it to a `LeasedProcessor`. */
  readonly leases: PostgresLeaseStore;
  /** Snapshots of the log's workflows (migration 6): give it to an `InstallResumer` as `states`. */
  readonly workflowStates: PostgresWorkflowStateStore;
  /**
   * Signals of new events for live processors (NOTIFY on the schema's channel, migration 4): on a server a
   * dedicated LISTEN connection, opened at the first subscriber and reconnected with backoff; on PGlite its
   * in-process listen. Pass it as `LiveProcessor`'s `wakeup`; processors still poll as a fallback.
   */
  readonly wakeup: LogWakeup;
  /** The validated schema name. */
  readonly schema: string;
  /**
   * Runs `work` in one transaction on one connection of this storage (COMMIT when it resolves, ROLLBACK when it
   * throws): what a transactional sink commits a batch in, read-model rows and checkpoint together. Connection
   * failures are a retryable `StoreUnavailable`; `work`'s own errors pass through.
   */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Creates or upgrades the schema; idempotent, and safe to run from many processes at once. */
  migrate(): Promise<MigrationReport>;
  /**
   * Closes gracefully: from the call on, every operation of the four stores (and `migrate`) fails at once with
   * `StoreClosed`; operations already running settle (complete, or fail with their own typed error); then the
   * pool or PGlite instance is ended if this library opened it (the caller's own are left open). Resolves once
   * all of that is done; calling it again returns the same promise.
   */
  close(): Promise<void>;
}

/** A driver's {@link LogWakeup} on a channel, which the storage closes with itself. */
export type WakeupFactory = (channel: string) => LogWakeup & { close(): Promise<void> };

/** No signals at all: processors of a storage without a driver's wakeup (a bare SqlClient) poll. */
const noWakeup: WakeupFactory = () => ({ subscribe: () => () => undefined, close: async () => undefined });

/**
 * Validates the options, migrates (or checks) the schema, and builds the stores over `client`; `wakeup` builds
 * the driver's signal of new events (none unless given: processors then poll).
 */
export const openStorage = async (
  client: SqlClient,
  options: StorageOptions,
  wakeup: WakeupFactory = noWakeup,
): Promise<PostgresStorage> => {
  try {
    const schema = validateSchemaName(options.schema ?? DEFAULT_SCHEMA);
    const lifecycle = new StoreLifecycle(`the PostgreSQL storage of schema "${schema}"`);
    const migrate = () => runOperation(lifecycle, "migrate", () => migrateSchema(client, schema, MIGRATIONS));
    if (options.migrate === false) await assertSchemaNotNewer(client, schema, MIGRATIONS);
    else await migrate();
    const readOptions =
      options.readBatchSize === undefined ? {} : { defaultBatchSize: options.readBatchSize };
    const signals = wakeup(appendChannel(schema));
    return {
      store: new PostgresEventStore(client, schema, { ...readOptions, lifecycle }),
      snapshots: new PostgresSnapshotStore(client, schema, { lifecycle }),
      checkpoints: new PostgresCheckpointStore(client, schema, { lifecycle }),
      parked: new PostgresParkedStreamStore(client, schema, { lifecycle }),
      leases: new PostgresLeaseStore(client, schema, { lifecycle }),
      workflowStates: new PostgresWorkflowStateStore(client, schema, { lifecycle }),
      wakeup: signals,
      schema,
      migrate,
      transaction: (work) => lifecycle.admit(() => client.transaction(work)),
      close: () =>
        lifecycle.close(async () => {
          await signals.close();
          await client.close();
        }),
    };
  } catch (error) {
    await client.close().catch(() => undefined);
    throw toPortError(error, "opening the store");
  }
};
