export { bearerMatches } from "./bearer.js";
export {
  AssetCountNotification,
  AssetManagementNotification,
  NOTIFICATION_CODECS,
  NotificationEnvelope,
  OperationResult,
  TestNotification,
  UnlimitedAssetNotification,
  UserAssociatedNotification,
  UserManagementNotification,
} from "./codecs.js";
export { type DedupeState, InMemoryDedupeStore, type NotificationDedupeStore } from "./dedupe.js";
export {
  createNotificationHandler,
  type NotificationCallback,
  type NotificationHandler,
  type NotificationHandlerOptions,
  type NotificationRequest,
  type NotificationResponse,
} from "./handler.js";
