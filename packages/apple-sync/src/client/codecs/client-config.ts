import { IsoDateTime } from "@vpp-ledger/core";
import * as t from "io-ts";
import { MdmInfo, ResponseMdmInfo, record, StringId } from "./common.js";

/** Notification types a location can subscribe to. */
export const NotificationType = t.keyof(
  {
    ASSET_MANAGEMENT: null,
    ASSET_COUNT: null,
    USER_MANAGEMENT: null,
    USER_ASSOCIATED: null,
    SUBSCRIPTION_MANAGEMENT: null,
    SUBSCRIPTION_COUNT: null,
    TEST_NOTIFICATION: null,
    UNLIMITED_ASSET: null,
  },
  "NotificationType",
);
/** A notification type. */
export type NotificationType = t.TypeOf<typeof NotificationType>;

/**
 * POST client/config. `notificationUrl` (HTTPS, host and path only) and `notificationAuthToken` go together
 * (Apple error 9710 otherwise); Apple sends a TEST_NOTIFICATION and rejects the config if it is not delivered.
 */
export const ClientConfigRequest = record(
  "ClientConfigRequest",
  {},
  {
    mdmInfo: MdmInfo,
    notificationUrl: t.string,
    notificationAuthToken: t.string,
    notificationTypes: t.array(NotificationType),
  },
);
/** POST client/config body. */
export type ClientConfigRequest = t.TypeOf<typeof ClientConfigRequest>;

/**
 * GET and POST client/config. `uId` identifies the location (`locationName` is for display); Apple sends
 * `tokenExpirationDate` only when the token expires within 15 days. Every field is optional, as Apple documents;
 * what needs `uId` asks for it with `requireField`.
 */
export const ClientConfigResponse = record(
  "ClientConfigResponse",
  {},
  {
    uId: StringId,
    tokenExpirationDate: IsoDateTime,
    countryISO2ACode: t.string,
    defaultPlatform: t.string,
    locationName: t.string,
    mdmInfo: ResponseMdmInfo,
    notificationAuthToken: t.string,
    notificationUrl: t.string,
    subscribedNotificationTypes: t.array(t.string),
    websiteURL: t.string,
  },
);
/** GET and POST client/config response. */
export type ClientConfigResponse = t.TypeOf<typeof ClientConfigResponse>;
