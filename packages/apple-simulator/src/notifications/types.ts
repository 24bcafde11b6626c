import type { ErrorResponse } from "../errors.js";
import type { ResponseAssignment, ResponseUser } from "../wire.js";

/** Every notification type Apple lists in `GET service/config`. */
export const NOTIFICATION_TYPES = [
  "ASSET_MANAGEMENT",
  "ASSET_COUNT",
  "USER_MANAGEMENT",
  "USER_ASSOCIATED",
  "SUBSCRIPTION_MANAGEMENT",
  "SUBSCRIPTION_COUNT",
  "UNLIMITED_ASSET",
  "TEST_NOTIFICATION",
] as const;

/** A notification type. */
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** The types an MDM may subscribe to with `notificationTypes` (TEST_NOTIFICATION is always sent). */
export const SUBSCRIBABLE_TYPES: readonly NotificationType[] = NOTIFICATION_TYPES.filter(
  (type) => type !== "TEST_NOTIFICATION",
);

/** Apple's limit on elements (assignments, users) in one notification. */
export const MAX_NOTIFICATION_ELEMENTS = 100;

/** `notification` of ASSET_MANAGEMENT. */
export interface AssetManagementNotification {
  readonly assignments: readonly ResponseAssignment[];
  readonly eventId: string;
  readonly result: "SUCCESS" | "FAILURE";
  readonly type: "ASSOCIATE" | "DISASSOCIATE" | "REVOKE";
  readonly error?: ErrorResponse;
}

/** `notification` of ASSET_COUNT. */
export interface AssetCountNotification {
  readonly adamId: string;
  readonly countDelta: number;
  readonly pricingParam: string;
}

/** `notification` of USER_MANAGEMENT. */
export interface UserManagementNotification {
  readonly eventId: string;
  readonly result: "SUCCESS" | "FAILURE";
  readonly type: "CREATE" | "UPDATE" | "RETIRE";
  /** On FAILURE, users the location does not know appear with their clientUserId only. */
  readonly users: readonly (ResponseUser | { readonly clientUserId: string })[];
  readonly error?: ErrorResponse;
}

/** `notification` of USER_ASSOCIATED. */
export interface UserAssociatedNotification {
  readonly associatedUsers: readonly ResponseUser[];
}

/**
 * `notification` of UNLIMITED_ASSET: an asset became unlimited (a free app) or stopped being so. Apple lists the
 * type but documents no body; this shape is the simulator's (UNCONFIRMED).
 */
export interface UnlimitedAssetNotification {
  readonly adamId: string;
  readonly pricingParam: string;
  readonly unlimited: boolean;
}

/** A notification body paired with its type. */
export type OutgoingNotification =
  | { readonly type: "ASSET_MANAGEMENT"; readonly notification: AssetManagementNotification }
  | { readonly type: "ASSET_COUNT"; readonly notification: AssetCountNotification }
  | { readonly type: "USER_MANAGEMENT"; readonly notification: UserManagementNotification }
  | { readonly type: "USER_ASSOCIATED"; readonly notification: UserAssociatedNotification }
  | { readonly type: "UNLIMITED_ASSET"; readonly notification: UnlimitedAssetNotification }
  | { readonly type: "TEST_NOTIFICATION"; readonly notification: Record<string, never> };

/** What Apple POSTs to the notification URL. De-duplicate on `notificationId`. */
export interface NotificationEnvelope {
  readonly notification: OutgoingNotification["notification"];
  readonly notificationId: string;
  readonly notificationType: OutgoingNotification["type"];
  readonly uId: string;
}

/** Splits elements into chunks of at most 100, as Apple does (150 users make 2 notifications). */
export const chunk = <T>(items: readonly T[], size = MAX_NOTIFICATION_ELEMENTS): T[][] => {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
};
