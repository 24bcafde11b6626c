export { AppleClient, createAppleClient } from "./apple-client.js";
export { adviceFor, classifyAppleFailure } from "./classify.js";
export { type Clock, createVirtualClock, systemClock, type VirtualClock } from "./clock.js";
export {
  Asset,
  Assignment,
  ClientConfigRequest,
  ClientConfigResponse,
  Count,
  commonResponseFields,
  DEFAULT_LIMITS,
  decodeResponse,
  describeFailure,
  ErrorResponse,
  GetAssetsQuery,
  GetAssetsResponse,
  GetAssignmentsQuery,
  GetAssignmentsResponse,
  GetUsersQuery,
  GetUsersResponse,
  Int,
  type LimitName,
  type Limits,
  ManageAssetsRequest,
  ManageUsersRequest,
  MdmInfo,
  NotificationType,
  OperationResponse,
  OperationStatus,
  PricingParam,
  ProductType,
  pagingFields,
  RequestUser,
  ResponseAsset,
  ResponseErrorInfo,
  ResponseLimits,
  ResponseMdmInfo,
  ResponseUser,
  RetireUsersRequest,
  RevokeAssetsRequest,
  record,
  type ServiceConfig,
  ServiceConfigResponse,
  StatusResponse,
  StringId,
  toServiceConfig,
  UnlimitedResponseAsset,
  type UserStatus,
} from "./codecs/index.js";
export type { CallOptions, ClaimOptions, NotificationSettings } from "./endpoints/config.js";
export type { SubmittedOperation } from "./endpoints/manage.js";
export type { AssetsPage, AssignmentsPage, UsersPage } from "./endpoints/reads.js";
export {
  AppleApiError,
  type AppleErrorCode,
  type AppleErrorDetails,
  BatchPartiallySubmittedError,
  isAppleApiError,
  MalformedResponseError,
  MdmConflictError,
  OperationStillPendingError,
  WalkUnstableError,
} from "./errors.js";
export {
  RateLimiterRegistry,
  type ReleaseSlot,
  type RequestBudget,
  RequestRateLimiter,
  type RequestSlots,
} from "./http/rate-limiter.js";
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from "./http/retry-policy.js";
export { APPLE_VPP_BASE_URL, type AppleClientOptions } from "./internals.js";
export type { ClientObservation, ClientObserver } from "./observer.js";
export {
  MIN_PRODUCTION_POLL_INTERVAL_MS,
  type ShowOperationId,
  type WaitForOperationOptions,
  waitForOperation,
} from "./operations.js";
export type { OwnershipState } from "./ownership.js";
export type { Page, PagedResponse } from "./paging.js";
export { MissingFieldError, requireField } from "./require-field.js";
export { SERVICE_CONFIG_TTL_MS } from "./service-config-cache.js";
