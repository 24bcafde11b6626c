import * as t from "io-ts";
import {
  Count,
  commonResponseFields,
  Int,
  PricingParam,
  ProductType,
  pagingFields,
  record,
  StringId,
} from "./common.js";

/** Filters of GET assets (all optional). `pageIndex` is driven by the pager, not by callers. */
export const GetAssetsQuery = record(
  "GetAssetsQuery",
  {},
  {
    adamId: t.string,
    productType: ProductType,
    pricingParam: PricingParam,
    revocable: t.boolean,
    deviceAssignable: t.boolean,
    maxAvailableCount: Count,
    minAvailableCount: Count,
    maxAssignedCount: Count,
    minAssignedCount: Count,
    unlimited: t.boolean,
  },
);
/** Filters of GET assets. */
export type GetAssetsQuery = t.TypeOf<typeof GetAssetsQuery>;

/**
 * An owned asset and its license counts, keyed by (`adamId`, `pricingParam`). Free apps report `totalCount`
 * 2147483647 (unlimited). Every field is optional, as Apple documents: the sync requires `adamId` and
 * `totalCount` where it uses them, with an explained failure.
 */
export const ResponseAsset = record(
  "ResponseAsset",
  {},
  {
    adamId: StringId,
    pricingParam: PricingParam,
    assignedCount: Count,
    availableCount: Int,
    totalCount: Count,
    retiredCount: Count,
    deviceAssignable: t.boolean,
    revocable: t.boolean,
    productType: ProductType,
    supportedPlatforms: t.array(t.string),
  },
);
/** An owned asset and its license counts. */
export type ResponseAsset = t.TypeOf<typeof ResponseAsset>;

/** An unlimited asset (returned only with `unlimited=true`): no counts. */
export const UnlimitedResponseAsset = record(
  "UnlimitedResponseAsset",
  {},
  {
    adamId: StringId,
    pricingParam: PricingParam,
    assignedCount: Count,
    deviceAssignable: t.boolean,
    revocable: t.boolean,
    productType: ProductType,
    supportedPlatforms: t.array(t.string),
  },
);
/** An unlimited asset. */
export type UnlimitedResponseAsset = t.TypeOf<typeof UnlimitedResponseAsset>;

/** One page of GET assets; `assets` may be absent (read as none). */
export const GetAssetsResponse = record(
  "GetAssetsResponse",
  {},
  {
    assets: t.array(ResponseAsset),
    unlimitedAssets: t.array(UnlimitedResponseAsset),
    ...pagingFields,
    ...commonResponseFields,
  },
);
/** One page of GET assets. */
export type GetAssetsResponse = t.TypeOf<typeof GetAssetsResponse>;
