import * as t from "io-ts";
import { ErrorResponse, Int, PricingParam, record, StringId } from "../client/codecs/common.js";

/** `SUCCESS` or `FAILURE` of an Apple operation. */
export const OperationResult = t.keyof({ SUCCESS: null, FAILURE: null }, "OperationResult");
/** Outcome of an Apple operation. */
export type OperationResult = t.TypeOf<typeof OperationResult>;

const NotifiedAssignment = record(
  "NotifiedAssignment",
  { adamId: StringId },
  { pricingParam: PricingParam, clientUserId: t.string, serialNumber: t.string },
);

/**
 * ASSET_MANAGEMENT: an associate, disassociate or revoke operation finished (at most 100 assignments each).
 * `eventId` is Apple's wire name for the operation's id.
 */
export const AssetManagementNotification = record(
  "AssetManagementNotification",
  {
    eventId: StringId,
    result: OperationResult,
    type: t.keyof({ ASSOCIATE: null, DISASSOCIATE: null, REVOKE: null }, "AssetManagementType"),
  },
  { assignments: t.array(NotifiedAssignment), error: ErrorResponse },
);
/** ASSET_MANAGEMENT payload. */
export type AssetManagementNotification = t.TypeOf<typeof AssetManagementNotification>;

/** ASSET_COUNT: licenses bought, transferred between locations or refunded. */
export const AssetCountNotification = record(
  "AssetCountNotification",
  { adamId: StringId, countDelta: Int },
  { pricingParam: PricingParam },
);
/** ASSET_COUNT payload. */
export type AssetCountNotification = t.TypeOf<typeof AssetCountNotification>;

const NotifiedUser = record(
  "NotifiedUser",
  { clientUserId: t.string },
  { email: t.string, idHash: t.string, inviteCode: t.string, status: t.string, managedAppleId: t.string },
);

/** USER_MANAGEMENT: a create, update or retire operation finished (`eventId`: the operation's id). */
export const UserManagementNotification = record(
  "UserManagementNotification",
  {
    eventId: StringId,
    result: OperationResult,
    type: t.keyof({ CREATE: null, UPDATE: null, RETIRE: null }, "UserManagementType"),
  },
  { users: t.array(NotifiedUser), error: ErrorResponse },
);
/** USER_MANAGEMENT payload. */
export type UserManagementNotification = t.TypeOf<typeof UserManagementNotification>;

/** USER_ASSOCIATED: users accepted their invitation and now have an Apple Account (`idHash`). */
export const UserAssociatedNotification = record(
  "UserAssociatedNotification",
  { associatedUsers: t.array(NotifiedUser) },
  {},
);
/** USER_ASSOCIATED payload. */
export type UserAssociatedNotification = t.TypeOf<typeof UserAssociatedNotification>;

/**
 * UNLIMITED_ASSET: an asset became unlimited (a free app) or stopped being so. Only `adamId` is required: what
 * the ledger acts on; re-read the asset (GET assets?adamId) for its counts rather than trust the flag alone.
 */
export const UnlimitedAssetNotification = record(
  "UnlimitedAssetNotification",
  { adamId: StringId },
  { pricingParam: PricingParam, unlimited: t.boolean },
);
/** UNLIMITED_ASSET payload. */
export type UnlimitedAssetNotification = t.TypeOf<typeof UnlimitedAssetNotification>;

/** TEST_NOTIFICATION: sent when notifications are configured; its payload is empty. */
export const TestNotification = record("TestNotification", {}, {});
/** TEST_NOTIFICATION payload. */
export type TestNotification = t.TypeOf<typeof TestNotification>;

/** The envelope of every notification. `notificationId` is the de-duplication key. */
export const NotificationEnvelope = record(
  "NotificationEnvelope",
  { notificationId: StringId, notificationType: t.string, notification: t.UnknownRecord },
  { uId: StringId },
);
/** The envelope of every notification. */
export type NotificationEnvelope = t.TypeOf<typeof NotificationEnvelope>;

/** Payload codecs by `notificationType`. Subscription types are acknowledged but not decoded. */
export const NOTIFICATION_CODECS = {
  ASSET_MANAGEMENT: AssetManagementNotification,
  ASSET_COUNT: AssetCountNotification,
  USER_MANAGEMENT: UserManagementNotification,
  USER_ASSOCIATED: UserAssociatedNotification,
  UNLIMITED_ASSET: UnlimitedAssetNotification,
  TEST_NOTIFICATION: TestNotification,
} as const;
