import * as t from "io-ts";

/** Apple's pricing parameter of an asset: `STDQ` (standard) or `PLUS` (high quality). Apple keys assets by (adamId, pricingParam). */
export const PricingParam = t.keyof({ STDQ: null, PLUS: null });
/** See {@link PricingParam}. */
export type PricingParam = t.TypeOf<typeof PricingParam>;

/** A platform from Apple's `supportedPlatforms` list (v2 has no separate Mac Catalyst value). */
export const Platform = t.keyof({ iOS: null, macOS: null, tvOS: null, watchOS: null, visionOS: null });
/** See {@link Platform}. */
export type Platform = t.TypeOf<typeof Platform>;

/**
 * What Apple says about a pool's asset besides its count (issue 9, item 5). Every field is optional: Apple marks
 * them optional, and events recorded before they existed carry none. A field a sync leaves out keeps its value.
 */
export const PoolMetadataFields = {
  /** The asset's pricing parameter; the pool keeps one (see docs/domain.md, "Pools and pricingParam"). */
  pricingParam: PricingParam,
  /** Platforms the app runs on; a device license needs the device's platform in this list (R20). */
  supportedPlatforms: t.readonlyArray(Platform),
  /** Whether Apple lets the asset be assigned to a serial number (R20). */
  deviceAssignable: t.boolean,
};

/** The metadata a pool keeps; null where Apple has not said yet. */
export interface PoolMetadata {
  readonly pricingParam: PricingParam | null;
  readonly supportedPlatforms: ReadonlyArray<Platform> | null;
  readonly deviceAssignable: boolean | null;
}

/** A pool nobody has described yet. */
export const unknownPoolMetadata: PoolMetadata = {
  pricingParam: null,
  supportedPlatforms: null,
  deviceAssignable: null,
};

/** The optional fields of a sync command or event. */
export type PoolMetadataInput = {
  readonly pricingParam?: PricingParam;
  readonly supportedPlatforms?: ReadonlyArray<Platform>;
  readonly deviceAssignable?: boolean;
};

const samePlatforms = (a: ReadonlyArray<Platform> | null, b: ReadonlyArray<Platform>): boolean =>
  a !== null && a.length === b.length && a.every((platform, index) => platform === b[index]);

/**
 * The fields of `input` that change `current`, as an object to spread into an event (empty when nothing
 * changes). Platforms are compared as given: a sync sends Apple's list, sorted and deduplicated by
 * {@link normalisePlatforms}.
 */
export const changedMetadata = (current: PoolMetadata, input: PoolMetadataInput): PoolMetadataInput => {
  const changed: {
    pricingParam?: PricingParam;
    supportedPlatforms?: ReadonlyArray<Platform>;
    deviceAssignable?: boolean;
  } = {};
  if (input.pricingParam !== undefined && input.pricingParam !== current.pricingParam) {
    changed.pricingParam = input.pricingParam;
  }
  const platforms = input.supportedPlatforms && normalisePlatforms(input.supportedPlatforms);
  if (platforms !== undefined && !samePlatforms(current.supportedPlatforms, platforms)) {
    changed.supportedPlatforms = platforms;
  }
  if (input.deviceAssignable !== undefined && input.deviceAssignable !== current.deviceAssignable) {
    changed.deviceAssignable = input.deviceAssignable;
  }
  return changed;
};

const ORDER: ReadonlyArray<Platform> = ["iOS", "macOS", "tvOS", "watchOS", "visionOS"];

/** Platforms in one canonical order without repeats, so equal lists compare equal whatever Apple's order. */
export const normalisePlatforms = (platforms: ReadonlyArray<Platform>): ReadonlyArray<Platform> =>
  ORDER.filter((platform) => platforms.includes(platform));

/** Applies the fields an event carries to the metadata it changes. */
export const withMetadata = (current: PoolMetadata, fields: PoolMetadataInput): PoolMetadata => ({
  pricingParam: fields.pricingParam ?? current.pricingParam,
  supportedPlatforms: fields.supportedPlatforms ?? current.supportedPlatforms,
  deviceAssignable: fields.deviceAssignable ?? current.deviceAssignable,
});
