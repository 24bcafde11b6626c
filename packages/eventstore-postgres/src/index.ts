export { createPgliteEventStore, type PgliteConnection } from "./factory/pglite.js";
export { createPostgresEventStore, type PostgresConnection } from "./factory/postgres.js";
export type { PostgresStorage, StorageOptions } from "./factory/storage.js";
export { DEFAULT_SCHEMA } from "./schema/identifier.js";
export type { MigrationReport } from "./schema/migrate.js";
export { SchemaTooNew } from "./schema/schema-too-new.js";
export type { SqlClient, SqlExecutor, SqlParam, SqlRow } from "./sql/client.js";
export { SqlFailure } from "./sql/errors.js";
export { StoreLifecycle } from "./store/lifecycle.js";
export { PostgresCheckpointStore } from "./store/postgres-checkpoint-store.js";
export {
  DEFAULT_READ_BATCH_SIZE,
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from "./store/postgres-event-store.js";
export { PostgresParkedStreamStore } from "./store/postgres-parked-stream-store.js";
export { PostgresSnapshotStore } from "./store/postgres-snapshot-store.js";
