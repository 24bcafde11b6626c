export { appleAccountId } from "./account-id.js";
export { describeSyncFailure } from "./failure.js";
export * from "./link-account.js";
export { UNLIMITED_COUNT } from "./run/assets.js";
export { LocationClaimedError } from "./run/ownership.js";
export { syncAccount } from "./run/sync-account.js";
export type { Drift, SyncDeps, SyncOptions, SyncOutcome, SyncRequest } from "./run/types.js";
export * from "./scheduler.js";
