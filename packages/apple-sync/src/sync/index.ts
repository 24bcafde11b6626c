export {
  classifyDeliveryFailure,
  type DeliveryFailureClass,
  type DeliveryOperation,
} from "../client/classify.js";
export { appleAccountId } from "./account-id.js";
export { compensateRefusedAssociation, type RefusedAssociation, refusalReason } from "./compensation.js";
export { AppleDelivery, DEFAULT_DELIVERY_CHECKPOINT } from "./delivery/delivery.js";
export {
  type AppleOperationListener,
  assetManagementReport,
  userManagementReport,
} from "./delivery/notifications.js";
export type { OperationItem, OperationReport, PollingOptions, Settlement } from "./delivery/reports.js";
export type * from "./delivery/types.js";
export { type AppleWork, type Holder, workKey } from "./delivery/work.js";
export { type DeliveryState, deliveryWorkflow } from "./delivery/workflow.js";
export { describeSyncFailure } from "./failure.js";
export {
  type LinkAccountDeps,
  type LinkAccountFailure,
  type LinkAccountRequest,
  linkAccount,
  TokenNotStoredError,
} from "./link-account.js";
export {
  type LinkLocationCheck,
  LocationMismatchError,
  LocationNotCheckedError,
  locationOfToken,
} from "./link-location.js";
export {
  type LedgerNotificationCallbacks,
  type LedgerNotificationDeps,
  ledgerNotificationHandlers,
} from "./notification-handlers.js";
export { DEFAULT_OUTBOUND_CHECKPOINT, deliverOutbound } from "./outbound/deliver.js";
export { DEFAULT_INVITATION_URL, invitationUrl } from "./outbound/invitation-url.js";
export type * from "./outbound/types.js";
export {
  type AppleAsset,
  choosePoolAsset,
  countedAsset,
  type KnownPlatform,
  type PoolChoice,
  unlimitedAsset,
} from "./run/asset-keys.js";
export { UNLIMITED_COUNT } from "./run/assets.js";
export {
  DEFAULT_FULL_SYNC_EVERY_MS,
  type FullReadReason,
  InMemorySyncCursorStore,
  planReads,
  type ReadPlan,
  type SyncCursor,
  type SyncCursorStore,
} from "./run/cursor.js";
export { LocationChangedError } from "./run/location.js";
export { LocationClaimedError } from "./run/location-claimed.js";
export { syncAccount } from "./run/sync-account.js";
export type { AppleIdField, AppleList, SyncWarning } from "./run/sync-warning.js";
export type {
  Drift,
  Rejected,
  SyncDeps,
  SyncOptions,
  SyncOutcome,
  SyncReads,
  SyncRequest,
} from "./run/types.js";
export {
  type ScheduledSync,
  type SchedulerTimers,
  SyncScheduler,
  type SyncSchedulerOptions,
} from "./scheduler.js";
export { type SyncLeaseOptions, syncLeaseName } from "./sync-lease.js";
