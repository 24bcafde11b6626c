export { createPgliteReadModels, type PgliteReadModelsConnection } from "./factory/pglite.js";
export { createPostgresReadModels, type PostgresReadModelsConnection } from "./factory/postgres.js";
export {
  DEFAULT_READ_MODEL_SCHEMA,
  type FeedOptions,
  openReadModels,
  type PostgresReadModels,
  type ReadModelsOptions,
} from "./factory/read-models.js";
export type { GenerationStatus, ReadModelStatus } from "./factory/status.js";
export type { AccountDocument, AccountOverviewChange } from "./model/account-overview.js";
export { projectAccountOverview, toAccountOverviewRow } from "./model/account-overview.js";
export type { InstallMonitorChange, InstallMonitorInput, InstallStateRow } from "./model/install-monitor.js";
export { projectInstallMonitor } from "./model/install-monitor.js";
export type { AuditRow, LicenseAuditChange, LicenseAuditInput } from "./model/license-audit.js";
export { emptyAudit, projectLicenseAudit } from "./model/license-audit.js";
export type { LicenseHistoryChange, LicenseHistoryInput } from "./model/license-history.js";
export { projectLicenseHistory } from "./model/license-history.js";
export type { PoolRow, PurchasedAppsChange, PurchasedAppsInput } from "./model/purchased-apps.js";
export { projectPurchasedApps, toPurchasedApp } from "./model/purchased-apps.js";
export type { InstallQuery } from "./query/install-monitor.js";
export type { HistoryQuery } from "./query/license-history.js";
export type { Page, PageRequest, SortDirection } from "./query/paging.js";
export type { PurchasedAppsQuery } from "./query/purchased-apps.js";
export { ReadModelQueries } from "./query/read-model-queries.js";
export { dropGeneration } from "./rebuild/generations.js";
export type { RebuildOptions, RebuildProgress, RebuildReport } from "./rebuild/rebuild.js";
export type { ReadModelMigrationReport } from "./schema/migrate.js";
export { READ_MODEL_MIGRATIONS, type ReadModelMigration } from "./schema/migrations.js";
export { ReadModelSchemaTooNew } from "./schema/schema-too-new.js";
export { ReadModelSinkMisconfigured, ReadModelsMoved } from "./sink/errors.js";
export { GenerationParkedStreams, generationReader } from "./sink/generation-parked.js";
export { ReadModelSink, type ReadModelSinkOptions } from "./sink/read-model-sink.js";
