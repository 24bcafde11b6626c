/** Validation of ClientConfigRequest (`POST client/config`). */
import type { ServiceLimits } from "../limits.js";
import type { NotificationConfig } from "../model/location.js";
import { isAcceptableNotificationUrl } from "../notifications/delivery.js";
import { type NotificationType, SUBSCRIBABLE_TYPES } from "../notifications/types.js";
import { fail, ok, type Result } from "../result.js";
import type { MdmInfo } from "../wire.js";
import { objectBody } from "./validate.js";

/** A validated change; absent fields leave the stored value alone, `notification: null` clears it. */
export interface ClientConfigChange {
  readonly mdmInfo?: MdmInfo;
  readonly notification?: NotificationConfig | null;
  readonly notificationTypes?: readonly NotificationType[];
}

const parseMdmInfo = (value: unknown, limits: ServiceLimits): Result<MdmInfo> => {
  const info = value as Record<string, unknown> | null;
  if (
    typeof info !== "object" ||
    info === null ||
    typeof info.id !== "string" ||
    typeof info.name !== "string" ||
    typeof info.metadata !== "string" ||
    info.id === "" ||
    info.name === ""
  ) {
    return fail(9723);
  }
  if (info.id.length > limits.maxMdmIdLength)
    return fail(9724, `At most ${limits.maxMdmIdLength} characters.`);
  if (info.name.length > limits.maxMdmNameLength)
    return fail(9725, `At most ${limits.maxMdmNameLength} characters.`);
  if (info.metadata.length > limits.maxMdmMetadataLength) {
    return fail(9713, `At most ${limits.maxMdmMetadataLength} characters.`);
  }
  return ok({ id: info.id, name: info.name, metadata: info.metadata });
};

const parseNotification = (
  url: unknown,
  authToken: unknown,
  limits: ServiceLimits,
): Result<NotificationConfig | null | undefined> => {
  if (url === undefined && authToken === undefined) return ok(undefined);
  if (url === undefined || authToken === undefined || url === null || authToken === null) return fail(9710);
  if (typeof url !== "string" || typeof authToken !== "string") {
    return fail(9602, "notificationUrl and notificationAuthToken must be strings.");
  }
  if (url === "" && authToken === "") return ok(null);
  if (url === "" || authToken === "") return fail(9710);
  const max = limits.maxNotificationLength;
  if (url.length > max || authToken.length > max) return fail(9711, `At most ${max} characters each.`);
  if (!isAcceptableNotificationUrl(url)) {
    return fail(9712, "The simulator also accepts http:// on 127.0.0.1, localhost and [::1].");
  }
  return ok({ url, authToken });
};

const parseTypes = (value: unknown): Result<readonly NotificationType[] | undefined> => {
  if (value === undefined || value === null) return ok(undefined);
  const allowed = SUBSCRIBABLE_TYPES as readonly unknown[];
  if (!Array.isArray(value) || !value.every((type) => allowed.includes(type))) {
    return fail(9602, `notificationTypes must be an array of ${SUBSCRIBABLE_TYPES.join(", ")}.`);
  }
  return ok([...new Set(value as NotificationType[])]);
};

/** Validates a ClientConfigRequest. */
export const parseClientConfig = (rawBody: unknown, limits: ServiceLimits): Result<ClientConfigChange> => {
  const body = objectBody(rawBody);
  if (!body.ok) return body;
  const { mdmInfo, notificationUrl, notificationAuthToken, notificationTypes } = body.value;
  const info = mdmInfo === undefined ? ok(undefined) : parseMdmInfo(mdmInfo, limits);
  if (!info.ok) return info;
  const notification = parseNotification(notificationUrl, notificationAuthToken, limits);
  if (!notification.ok) return notification;
  const types = parseTypes(notificationTypes);
  if (!types.ok) return types;
  return ok({
    ...(info.value === undefined ? {} : { mdmInfo: info.value }),
    ...(notification.value === undefined ? {} : { notification: notification.value }),
    ...(types.value === undefined ? {} : { notificationTypes: types.value }),
  });
};
