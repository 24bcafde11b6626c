/**
 * The `limits` object of `GET service/config`. Apple says the values are dynamic; the simulator lets a test
 * override any of them and enforces the ones that bound a request.
 */
export interface ServiceLimits {
  readonly maxAssets: number;
  readonly maxUsers: number;
  readonly maxNotificationLength: number;
  readonly maxRevokeClientUserIds: number;
  readonly maxClientUserIds: number;
  readonly maxSerialNumbers: number;
  readonly maxRevokeSerialNumbers: number;
  readonly maxRequestPerSecond: number;
  readonly maxSubscriptions: number;
  readonly maxSubscriptionClientUserIds: number;
  readonly maxMdmNameLength: number;
  readonly maxMdmMetadataLength: number;
  readonly maxMdmIdLength: number;
  /** Keys a test adds are reported too, so a client can be checked against limits Apple may add later. */
  readonly [key: string]: number;
}

/** Apple's published example values. */
export const DEFAULT_LIMITS: ServiceLimits = {
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
};

/** Merges overrides into the defaults, ignoring keys set to `undefined`. */
export const resolveLimits = (
  overrides: Partial<Record<string, number>> | undefined,
  maxRequestPerSecond: number | undefined,
): ServiceLimits => {
  const merged: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value !== undefined) merged[key] = value;
  }
  if (maxRequestPerSecond !== undefined) merged.maxRequestPerSecond = maxRequestPerSecond;
  return merged as ServiceLimits;
};
