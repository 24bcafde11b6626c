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

/** An owned asset and its license counts. Free apps report `totalCount` 2147483647 (unlimited). */
export const ResponseAsset = record(
  "ResponseAsset",
  {
    adamId: StringId,
    pricingParam: PricingParam,
    assignedCount: Count,
    availableCount: Int,
    totalCount: Count,
  },
  {
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
  { adamId: StringId, pricingParam: PricingParam },
  {
    assignedCount: Count,
    deviceAssignable: t.boolean,
    revocable: t.boolean,
    productType: ProductType,
    supportedPlatforms: t.array(t.string),
  },
);
/** An unlimited asset. */
export type UnlimitedResponseAsset = t.TypeOf<typeof UnlimitedResponseAsset>;

/** One page of GET assets. */
export const GetAssetsResponse = record(
  "GetAssetsResponse",
  { assets: t.array(ResponseAsset), ...pagingFields.required },
  { unlimitedAssets: t.array(UnlimitedResponseAsset), ...pagingFields.optional, ...commonResponseFields },
);
/** One page of GET assets. */
export type GetAssetsResponse = t.TypeOf<typeof GetAssetsResponse>;
