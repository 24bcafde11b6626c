import * as E from "fp-ts/lib/Either.js";
import type * as t from "io-ts";
import { describeFailure } from "../client/codecs/decode.js";
import { bearerMatches, headerValue } from "./bearer.js";
import {
  type AssetCountNotification,
  type AssetManagementNotification,
  NOTIFICATION_CODECS,
  NotificationEnvelope,
  type TestNotification,
  type UserAssociatedNotification,
  type UserManagementNotification,
} from "./codecs.js";
import { InMemoryDedupeStore, type NotificationDedupeStore } from "./dedupe.js";

/** What the host's HTTP server hands over: the request headers and the raw body. */
export interface NotificationRequest {
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string;
}

/** What the host's HTTP server answers Apple. Any 2xx tells Apple the notification was delivered. */
export interface NotificationResponse {
  readonly status: number;
  readonly body?: string;
}

/** A notification callback: receives the decoded payload and the envelope (`notificationId`, `uId`). */
export type NotificationCallback<N> = (
  notification: N,
  envelope: NotificationEnvelope,
) => Promise<void> | void;

/** Options of {@link createNotificationHandler}. */
export interface NotificationHandlerOptions {
  /** The `notificationAuthToken` given to Apple; several while rotating from one to the next. */
  readonly authToken: string | ReadonlyArray<string>;
  /** Default: an in-memory LRU of 10 000 ids. Use a shared store when several processes receive notifications. */
  readonly dedupe?: NotificationDedupeStore;
  readonly onAssetManagement?: NotificationCallback<AssetManagementNotification>;
  readonly onAssetCount?: NotificationCallback<AssetCountNotification>;
  readonly onUserManagement?: NotificationCallback<UserManagementNotification>;
  readonly onUserAssociated?: NotificationCallback<UserAssociatedNotification>;
  readonly onTest?: NotificationCallback<TestNotification>;
  /** Types without a callback above (subscriptions, future types); acknowledged either way. */
  readonly onOther?: (envelope: NotificationEnvelope) => Promise<void> | void;
  /** Told about callback failures (Apple is answered 500 and will retry). */
  readonly onError?: (error: unknown, envelope: NotificationEnvelope) => void;
  /** Larger bodies are refused with 413 (default 1 MiB; Apple sends at most 100 elements). */
  readonly maxBodyBytes?: number;
}

/** A function a host mounts on its own HTTP server at the `notificationUrl` it gave Apple. */
export type NotificationHandler = (request: NotificationRequest) => Promise<NotificationResponse>;

const reply = (status: number, message: string): NotificationResponse => ({
  status,
  body: JSON.stringify(status < 300 ? { status: message } : { error: message }),
});

type Dispatch = (payload: unknown, envelope: NotificationEnvelope) => Promise<void> | void;

const decodePayload = (codec: t.Decoder<unknown, unknown>, payload: unknown): E.Either<string, unknown> =>
  E.mapLeft((errors: t.Errors) => {
    const { path, expected } = describeFailure(errors);
    return `notification.${path} must be ${expected}`;
  })(codec.decode(payload));

/**
 * Builds the notification endpoint: checks the bearer token (401), parses and decodes the envelope and its
 * payload (400, naming the field), processes each `notificationId` once (a repeat is acknowledged with 200;
 * one still being processed gets 409 so Apple tries again), and answers 500 when a callback throws so Apple
 * re-delivers it.
 */
export const createNotificationHandler = (options: NotificationHandlerOptions): NotificationHandler => {
  const accepted = typeof options.authToken === "string" ? [options.authToken] : [...options.authToken];
  if (accepted.length === 0 || accepted.some((token) => token.length === 0)) {
    throw new TypeError("createNotificationHandler: authToken must be one or more non-empty tokens");
  }
  const dedupe = options.dedupe ?? new InMemoryDedupeStore();
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const callbacks: Readonly<Record<string, Dispatch | undefined>> = {
    ASSET_MANAGEMENT: options.onAssetManagement as Dispatch | undefined,
    ASSET_COUNT: options.onAssetCount as Dispatch | undefined,
    USER_MANAGEMENT: options.onUserManagement as Dispatch | undefined,
    USER_ASSOCIATED: options.onUserAssociated as Dispatch | undefined,
    TEST_NOTIFICATION: options.onTest as Dispatch | undefined,
  };

  return async (request) => {
    if (!bearerMatches(headerValue(request.headers, "authorization"), accepted)) {
      return reply(401, "missing or wrong bearer token");
    }
    if (Buffer.byteLength(request.body, "utf8") > maxBodyBytes) return reply(413, "notification too large");
    let json: unknown;
    try {
      json = JSON.parse(request.body);
    } catch {
      return reply(400, "body is not JSON");
    }
    const envelope = NotificationEnvelope.decode(json);
    if (E.isLeft(envelope)) {
      const { path, expected } = describeFailure(envelope.left);
      return reply(400, `${path} must be ${expected}`);
    }
    const notification = envelope.right;
    const codec = Object.hasOwn(NOTIFICATION_CODECS, notification.notificationType)
      ? NOTIFICATION_CODECS[notification.notificationType as keyof typeof NOTIFICATION_CODECS]
      : undefined;
    const payload = codec
      ? decodePayload(codec, notification.notification)
      : E.right(notification.notification);
    if (E.isLeft(payload)) return reply(400, payload.left);

    const state = await dedupe.begin(notification.notificationId);
    if (state === "done") return reply(200, "duplicate");
    if (state === "in-progress") return reply(409, "already being processed");
    try {
      const callback = codec ? callbacks[notification.notificationType] : undefined;
      if (callback) await callback(payload.right, notification);
      else await options.onOther?.(notification);
    } catch (error) {
      await dedupe.abandon(notification.notificationId);
      options.onError?.(error, notification);
      return reply(500, "processing failed; retry later");
    }
    await dedupe.complete(notification.notificationId);
    return reply(200, "processed");
  };
};
