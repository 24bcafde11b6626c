import type { ResponseAsset, UnlimitedResponseAsset } from "../../client/codecs/assets.js";
import { requireField } from "../../client/require-field.js";

/** Apple's `totalCount` of a free app: unlimited. Kept as is in the pool (R11 shows it; R16 never binds). */
export const UNLIMITED_COUNT = 2_147_483_647;

/** Platforms the ledger knows (Apple's `supportedPlatforms` values); others are left out of the pool. */
export type KnownPlatform = "iOS" | "macOS" | "tvOS" | "watchOS" | "visionOS";
const PLATFORMS: ReadonlyArray<KnownPlatform> = ["iOS", "macOS", "tvOS", "watchOS", "visionOS"];

/** One asset as Apple keys it: (adamId, pricingParam), with what the ledger keeps of it. */
export interface AppleAsset {
  readonly adamId: string;
  /** `STDQ` or `PLUS`; undefined when Apple sent none, or a value the ledger does not know. */
  readonly pricingParam: "STDQ" | "PLUS" | undefined;
  readonly purchased: number;
  /** Licenses Apple counts as assigned (foreign ones included); undefined for an unlimited asset. */
  readonly assigned: number | undefined;
  readonly supportedPlatforms: ReadonlyArray<KnownPlatform> | undefined;
  readonly deviceAssignable: boolean | undefined;
}

const pricingOf = (value: string | undefined): "STDQ" | "PLUS" | undefined =>
  value === "STDQ" || value === "PLUS" ? value : undefined;

const platformsOf = (values: ReadonlyArray<string> | undefined): ReadonlyArray<KnownPlatform> | undefined =>
  values === undefined ? undefined : PLATFORMS.filter((platform) => values.includes(platform));

/**
 * Reads one counted asset (GET assets `assets[]`). `adamId` and `totalCount` are required here, where the
 * ledger uses them: a missing one is a `MissingFieldError` naming the field and the app.
 */
export const countedAsset = (asset: ResponseAsset, endpoint: string): AppleAsset => {
  const adamId = requireField(asset.adamId, "assets[].adamId", endpoint, "naming the app's pool");
  return {
    adamId,
    pricingParam: pricingOf(asset.pricingParam),
    purchased: requireField(
      asset.totalCount,
      "assets[].totalCount",
      endpoint,
      // Not naming the app: its adamId is Apple's text, not yet checked against the grammar (R24).
      "an app's purchased count",
    ),
    assigned: asset.assignedCount,
    supportedPlatforms: platformsOf(asset.supportedPlatforms),
    deviceAssignable: asset.deviceAssignable,
  };
};

/** Reads one unlimited asset (`unlimitedAssets[]`, sent with `unlimited=true`): no counts, so unlimited. */
export const unlimitedAsset = (asset: UnlimitedResponseAsset, endpoint: string): AppleAsset => ({
  adamId: requireField(asset.adamId, "unlimitedAssets[].adamId", endpoint, "naming the app's pool"),
  pricingParam: pricingOf(asset.pricingParam),
  purchased: UNLIMITED_COUNT,
  assigned: asset.assignedCount,
  supportedPlatforms: platformsOf(asset.supportedPlatforms),
  deviceAssignable: asset.deviceAssignable,
});

/** The key Apple gives an asset. */
export const assetKey = (asset: Pick<AppleAsset, "adamId" | "pricingParam">): string =>
  `${asset.adamId}/${asset.pricingParam ?? "-"}`;

/** The asset of one app the ledger's pool follows, and the others Apple lists for the same app. */
export interface PoolChoice {
  readonly chosen: AppleAsset;
  /** Assets of the same adamId under another pricingParam: their licenses are not the pool's. */
  readonly others: ReadonlyArray<AppleAsset>;
}

/**
 * Which of an app's assets its pool follows. Apple keys assets by (adamId, pricingParam) and an association
 * names one pricingParam, so a pool counts the licenses of one: the pricingParam it already has, else STDQ
 * (what Apple associates when none is named), else the asset with the most licenses. The licenses of the
 * others are reported, never added in: summing STDQ and PLUS would let the ledger promise licenses its
 * associations could not draw on.
 */
export const choosePoolAsset = (
  assets: ReadonlyArray<AppleAsset>,
  current: "STDQ" | "PLUS" | null | undefined,
): PoolChoice => {
  const isCurrent = (asset: AppleAsset) => current != null && asset.pricingParam === current;
  const sorted = [...assets].sort(
    (a, b) =>
      Number(isCurrent(b)) - Number(isCurrent(a)) ||
      Number(b.pricingParam === "STDQ") - Number(a.pricingParam === "STDQ") ||
      b.purchased - a.purchased,
  );
  const [chosen, ...others] = sorted;
  if (chosen === undefined) throw new RangeError("choosePoolAsset needs at least one asset");
  return { chosen, others };
};
