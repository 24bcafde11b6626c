export * from "./apple-client.js";
export { adviceFor, classifyAppleFailure } from "./classify.js";
export * from "./clock.js";
export * from "./codecs/index.js";
export type { CallOptions, ClaimOptions, NotificationSettings } from "./endpoints/config.js";
export type { SubmittedEvent } from "./endpoints/manage.js";
export type { AssetsPage, AssignmentsPage, UsersPage } from "./endpoints/reads.js";
export * from "./errors.js";
export * from "./events.js";
export {
  RateLimiterRegistry,
  type ReleaseSlot,
  type RequestBudget,
  RequestRateLimiter,
  type RequestSlots,
} from "./http/rate-limiter.js";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./http/retry-policy.js";
export { APPLE_VPP_BASE_URL, type AppleClientOptions } from "./internals.js";
export type { ClientEvent, ClientObserver } from "./observer.js";
export type { OwnershipState } from "./ownership.js";
export type { Page, PagedResponse } from "./paging.js";
export { MissingFieldError, requireField } from "./require-field.js";
export { SERVICE_CONFIG_TTL_MS } from "./service-config-cache.js";
