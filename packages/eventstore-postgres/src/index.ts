export {
  type AppleBudgetDatabase,
  type AppleRequestSlots,
  type AppleSyncCursor,
  ensureAppleBudgetSchema,
  PostgresAppleBudget,
  type PostgresAppleBudgetOptions,
  PostgresSyncCursorStore,
  type ReleaseAppleSlot,
} from "./apple-budget/index.js";
export { createPgliteEventStore, type PgliteConnection } from "./factory/pglite.js";
export { createPostgresEventStore, type PostgresConnection } from "./factory/postgres.js";
export type { PostgresStorage, StorageOptions } from "./factory/storage.js";
export {
  createPostgresStreamLock,
  type PostgresStreamLock,
  type PostgresStreamLockOptions,
} from "./group-commit/postgres-stream-lock.js";
export { assertLeaseHeld } from "./lease/assert-lease-held.js";
export { PostgresLeaseStore } from "./lease/postgres-lease-store.js";
export { PgListenWakeup, type PgListenWakeupOptions } from "./live/pg-listen-wakeup.js";
export { PgliteWakeup } from "./live/pglite-wakeup.js";
export {
  type TransactionalSinkOptions,
  type TransactionalSinkStorage,
  transactionalSink,
} from "./processing/transactional-sink.js";
export { appendChannel } from "./schema/channel.js";
export { DEFAULT_SCHEMA, validateSchemaName } from "./schema/identifier.js";
export type { MigrationReport } from "./schema/migrate.js";
export { SchemaTooNew } from "./schema/schema-too-new.js";
export type { SqlClient, SqlExecutor, SqlParam, SqlRow } from "./sql/client.js";
export { SqlFailure, sqlState, toPortError } from "./sql/errors.js";
export { PgliteMissing, startPglite } from "./sql/load-pglite.js";
export { pgClient } from "./sql/pg-client.js";
export { pgliteClient } from "./sql/pglite-client.js";
export type { PgliteCreateOptions, PgliteDatabase, PgliteQueryable } from "./sql/pglite-types.js";
export { StoreLifecycle } from "./store/lifecycle.js";
export { PostgresCheckpointStore } from "./store/postgres-checkpoint-store.js";
export {
  DEFAULT_READ_BATCH_SIZE,
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from "./store/postgres-event-store.js";
export { PostgresParkedStreamStore } from "./store/postgres-parked-stream-store.js";
export { PostgresSnapshotStore } from "./store/postgres-snapshot-store.js";
export { PostgresWorkflowStateStore } from "./store/postgres-workflow-state-store.js";
export { saveCheckpointIn } from "./store/save-checkpoint.js";
