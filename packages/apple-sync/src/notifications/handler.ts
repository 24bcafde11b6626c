import * as E from "fp-ts/lib/Either.js";
import type * as t from "io-ts";
import { describeFailure } from "../client/codecs/decode.js";
import { Scrubber } from "../untrusted/scrubber.js";
import { bearerMatches, headerValue } from "./bearer.js";
import {
  type AssetCountNotification,
  type AssetManagementNotification,
  NOTIFICATION_CODECS,
  NotificationEnvelope,
  type TestNotification,
  type UnlimitedAssetNotification,
  type UserAssociatedNotification,
  type UserManagementNotification,
} from "./codecs.js";
import { type DedupeState, InMemoryDedupeStore, type NotificationDedupeStore } from "./dedupe.js";
import { scrubNotification } from "./scrub-notification.js";

/**
 * What the host's HTTP server hands over: the request headers (a plain object such as Node's
 * `request.headers`, or a fetch `Headers`) and the raw body (a string, or its bytes as UTF-8). Whatever a JS
 * caller passes instead is answered, never thrown: a header that is not one string counts as absent (401), a
 * body that is neither gets 400.
 */
export interface NotificationRequest {
  readonly headers: Readonly<Record<string, string | ReadonlyArray<string> | undefined>> | Headers;
  readonly body: string | Uint8Array;
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
  readonly onUnlimitedAsset?: NotificationCallback<UnlimitedAssetNotification>;
  readonly onTest?: NotificationCallback<TestNotification>;
  /** Types without a callback above (subscriptions, future types); acknowledged either way. */
  readonly onOther?: (envelope: NotificationEnvelope) => Promise<void> | void;
  /** Told about callback failures (Apple is answered 500 and will retry). */
  readonly onError?: (error: unknown, envelope: NotificationEnvelope) => void;
  /** Larger bodies are refused with 413 (default 1 MiB; Apple sends at most 100 elements). */
  readonly maxBodyBytes?: number;
  /**
   * The scrubber of the location's token (`client.scrubber`, which `ledgerNotificationHandlers` fills in). Every string of a
   * notification passes through it before the de-duplication store, the callbacks, `onOther` or `onError` see
   * it; without it the text is still cleaned and bounded. If it cannot be had (the vault is down), Apple is
   * answered 500 and delivers again.
   */
  readonly scrubber?: () => Promise<Scrubber>;
}

/** A function a host mounts on its own HTTP server at the `notificationUrl` it gave Apple. */
export type NotificationHandler = (request: NotificationRequest) => Promise<NotificationResponse>;

const reply = (status: number, message: string): NotificationResponse => ({
  status,
  body: JSON.stringify(status < 300 ? { status: message } : { error: message }),
});

type Dispatch = (payload: unknown, envelope: NotificationEnvelope) => Promise<void> | void;

/** Apple's notificationIds are UUIDs; whatever the dedupe store and the ledger's references can hold. */
const NOTIFICATION_ID = /^[\x21-\x7E]{1,256}$/;

/** The request's headers and body as a JS caller may really have passed them; undefined body if unusable. */
const partsOf = (request: unknown): { headers: unknown; body: string | Uint8Array | undefined } => {
  if (typeof request !== "object" || request === null) return { headers: undefined, body: undefined };
  const { headers, body } = request as { headers?: unknown; body?: unknown };
  return { headers, body: typeof body === "string" || body instanceof Uint8Array ? body : undefined };
};

const byteLengthOf = (body: string | Uint8Array): number =>
  typeof body === "string" ? Buffer.byteLength(body, "utf8") : body.byteLength;

const textOf = (body: string | Uint8Array): string =>
  typeof body === "string"
    ? body
    : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8");

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
    UNLIMITED_ASSET: options.onUnlimitedAsset as Dispatch | undefined,
    TEST_NOTIFICATION: options.onTest as Dispatch | undefined,
  };

  const tellError = (error: unknown, envelope: NotificationEnvelope): void => {
    try {
      options.onError?.(error, envelope);
    } catch {
      // A failing error hook must not turn Apple's answer into an unhandled rejection.
    }
  };

  return async (request) => {
    const { headers, body } = partsOf(request);
    if (!bearerMatches(headerValue(headers, "authorization"), accepted)) {
      return reply(401, "missing or wrong bearer token");
    }
    if (body === undefined) return reply(400, "body must be the raw request body, as a string or bytes");
    if (byteLengthOf(body) > maxBodyBytes) return reply(413, "notification too large");
    let json: unknown;
    try {
      json = JSON.parse(textOf(body));
    } catch {
      return reply(400, "body is not JSON");
    }
    const envelope = NotificationEnvelope.decode(json);
    if (E.isLeft(envelope)) {
      const { path, expected } = describeFailure(envelope.left);
      return reply(400, `${path} must be ${expected}`);
    }
    if (!NOTIFICATION_ID.test(envelope.right.notificationId)) {
      return reply(400, "notificationId must be 1 to 256 visible ASCII characters");
    }
    const codec = Object.hasOwn(NOTIFICATION_CODECS, envelope.right.notificationType)
      ? NOTIFICATION_CODECS[envelope.right.notificationType as keyof typeof NOTIFICATION_CODECS]
      : undefined;
    const decoded = codec
      ? decodePayload(codec, envelope.right.notification)
      : E.right(envelope.right.notification);
    if (E.isLeft(decoded)) return reply(400, decoded.left);

    let scrubber: Scrubber;
    try {
      scrubber = options.scrubber ? await options.scrubber() : Scrubber.none;
    } catch {
      return reply(500, "cannot check the notification now; retry later");
    }
    const notification = scrubNotification(envelope.right, scrubber);
    const payload = scrubNotification(decoded.right, scrubber);
    const { notificationId } = notification;

    let state: DedupeState;
    try {
      state = await dedupe.begin(notificationId);
    } catch (error) {
      tellError(error, notification);
      return reply(500, "processing failed; retry later");
    }
    if (state === "done") return reply(200, "duplicate");
    if (state === "in-progress") return reply(409, "already being processed");
    try {
      const callback = codec ? callbacks[notification.notificationType] : undefined;
      if (callback) await callback(payload, notification);
      else await options.onOther?.(notification);
      await dedupe.complete(notificationId);
    } catch (error) {
      await dedupe.abandon(notificationId).catch(() => undefined);
      tellError(error, notification);
      return reply(500, "processing failed; retry later");
    }
    return reply(200, "processed");
  };
};
