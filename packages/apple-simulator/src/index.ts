/**
 * @vpp-ledger/apple-simulator: an HTTP simulator of Apple's Apps and Books (VPP) API v2, for MDM hosts' tests
 * and demos. Start one with {@link startAppleSimulator}, add a location, point the client at `baseUrl`.
 */

export {
  APPLE_ERROR_CODES,
  type AppleErrorCode,
  type AppleErrorNumber,
  type ErrorResponse,
  type ResponseErrorInfo,
} from "./errors.js";
export type { FaultKind, FaultSpec } from "./faults.js";
export { FaultSpecError } from "./faults.js";
export type { ServiceLimits } from "./limits.js";
export { DEFAULT_LIMITS } from "./limits.js";
export type { AssetSpec, PricingParam, ProductType } from "./model/assets.js";
export { UNLIMITED_COUNT } from "./model/assets.js";
export type { LocationSpec, TokenState } from "./model/location.js";
export type { OperationStatus, OperationType } from "./model/operations.js";
export { SimulatorSetupError } from "./model/setup-error.js";
export type { UserStatus } from "./model/users.js";
export type { NotificationAttempt, NotificationRecord } from "./notifications/notifier.js";
export type {
  AssetCountNotification,
  AssetManagementNotification,
  NotificationEnvelope,
  NotificationType,
  UnlimitedAssetNotification,
  UserAssociatedNotification,
  UserManagementNotification,
} from "./notifications/types.js";
export { MAX_NOTIFICATION_ELEMENTS, NOTIFICATION_TYPES } from "./notifications/types.js";
export type { AppleSimulatorOptions, OperationCompletion } from "./options.js";
export { SimulatorOptionsError } from "./options.js";
export { CHURN_SERIAL_PREFIX, type ChurnKind } from "./realism/churn.js";
export { ClockError } from "./realism/clock.js";
export { type InjectedAsyncFailure, type RealismOptions, RealismOptionsError } from "./realism/options.js";
export type { RequestHook, RequestHookEvent } from "./request-hooks.js";
export type { InFlightStats, RequestLogEntry } from "./request-log.js";
export { API_BASE_PATH, CONTROL_BASE_PATH } from "./server.js";
export type {
  ForeignAssignmentSpec,
  ForeignUserSpec,
  LocationActions,
  SimLocation,
  TokenRenewal,
} from "./sim-location.js";
export { type AppleSimulator, startAppleSimulator } from "./simulator.js";
export type { LocationSnapshot } from "./snapshot.js";
export { encodeVppTokenFile, fingerprint, formatAppleDate, type VppTokenFileContent } from "./token.js";
export type {
  MdmInfo,
  ResponseAsset,
  ResponseAssignment,
  ResponseUser,
  UnlimitedResponseAsset,
} from "./wire.js";
