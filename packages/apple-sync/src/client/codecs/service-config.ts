import * as t from "io-ts";
import { Count, Int, record } from "./common.js";

/**
 * Apple's documented example limits. Used only for keys a live service config omits; the live values always
 * win and are re-read every five minutes.
 */
export const DEFAULT_LIMITS = {
  maxAssets: 25,
  maxUsers: 100,
  maxNotificationLength: 512,
  maxRevokeClientUserIds: 100,
  maxClientUserIds: 1000,
  maxSerialNumbers: 1000,
  maxRevokeSerialNumbers: 100,
  maxRequestPerSecond: 15,
  maxSubscriptions: 25,
  maxSubscriptionClientUserIds: 1000,
  maxMdmNameLength: 100,
  maxMdmMetadataLength: 255,
  maxMdmIdLength: 100,
} as const;

/** Names of the limits this client reads. */
export type LimitName = keyof typeof DEFAULT_LIMITS;

/** Every limit, with Apple's live value or the documented default. */
export type Limits = { readonly [K in LimitName]: number };

const limitProps = Object.fromEntries(Object.keys(DEFAULT_LIMITS).map((key) => [key, Count])) as {
  [K in LimitName]: typeof Count;
};

/** `limits` as Apple sends it: any documented key may be missing, unknown keys are dropped. */
export const ResponseLimits = record("limits", {}, limitProps);

/** GET service/config. */
export const ServiceConfigResponse = record(
  "ServiceConfigResponse",
  {},
  {
    limits: ResponseLimits,
    errorCodes: t.array(record("ErrorCode", { errorNumber: Int }, { errorMessage: t.string })),
    notificationTypes: t.array(t.string),
    urls: t.record(t.string, t.string),
  },
);
/** GET service/config, as decoded. */
export type ServiceConfigResponse = t.TypeOf<typeof ServiceConfigResponse>;

/** The service config with every limit resolved. */
export interface ServiceConfig {
  readonly limits: Limits;
  readonly urls: Readonly<Record<string, string>>;
  readonly notificationTypes: ReadonlyArray<string>;
  readonly errorCodes: ReadonlyArray<{ readonly errorNumber: number; readonly errorMessage?: string }>;
}

/** Fills the limits Apple omitted (or the whole `limits` object) with the documented defaults. */
export const toServiceConfig = (response: ServiceConfigResponse): ServiceConfig => ({
  limits: { ...DEFAULT_LIMITS, ...response.limits },
  urls: response.urls ?? {},
  notificationTypes: response.notificationTypes ?? [],
  errorCodes: response.errorCodes ?? [],
});
