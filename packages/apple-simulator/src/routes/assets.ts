/** `GET assets`: owned assets with counts, filtered and paged, with a versionId (no sinceVersionId). */
import { failureReply, json } from "../http/reply.js";
import { responseAsset } from "../model/licensing.js";
import { paginate } from "../paging.js";
import { booleanParam, countParam, enumParam } from "../query.js";
import type { Result } from "../result.js";
import { type ResponseAsset, toUnlimitedResponseAsset } from "../wire.js";
import { withCommon } from "./common.js";
import type { Route, TokenContext } from "./types.js";

type Filter = (asset: ResponseAsset) => boolean;

/** Builds the filter from the query, or the first invalid parameter's error. */
const parseFilters = (query: URLSearchParams): Result<Filter[]> => {
  const filters: Filter[] = [];
  const adamId = query.get("adamId");
  if (adamId !== null) filters.push((asset) => asset.adamId === adamId);
  const productType = enumParam(query, "productType", ["App", "Book"] as const);
  if (!productType.ok) return productType;
  if (productType.value !== undefined) filters.push((asset) => asset.productType === productType.value);
  const pricingParam = enumParam(query, "pricingParam", ["STDQ", "PLUS"] as const);
  if (!pricingParam.ok) return pricingParam;
  if (pricingParam.value !== undefined) filters.push((asset) => asset.pricingParam === pricingParam.value);
  for (const name of ["revocable", "deviceAssignable"] as const) {
    const flag = booleanParam(query, name);
    if (!flag.ok) return flag;
    if (flag.value !== undefined) filters.push((asset) => asset[name] === flag.value);
  }
  const bounds = [
    ["minAvailableCount", "availableCount", 1],
    ["maxAvailableCount", "availableCount", -1],
    ["minAssignedCount", "assignedCount", 1],
    ["maxAssignedCount", "assignedCount", -1],
  ] as const;
  for (const [name, field, sign] of bounds) {
    const bound = countParam(query, name);
    if (!bound.ok) return bound;
    const limit = bound.value;
    if (limit !== undefined) filters.push((asset) => sign * (asset[field] - limit) >= 0);
  }
  return { ok: true, value: filters };
};

const getAssets = ({ sim, location, query }: TokenContext) => {
  const filters = parseFilters(query);
  if (!filters.ok) return failureReply(filters.failure);
  const unlimited = booleanParam(query, "unlimited");
  if (!unlimited.ok) return failureReply(unlimited.failure);
  // unlimited=false asks for limited assets only: free (unlimited) apps are left out.
  const matching = location.assets.list().filter((record) => {
    if (unlimited.value === false && record.free) return false;
    const asset = responseAsset(location, record);
    return filters.value.every((keep) => keep(asset));
  });
  const page = paginate(matching, query.get("pageIndex"), sim.options.pageSize);
  if (!page.ok) return failureReply(page.failure);
  const { items, ...paging } = page.value;
  const limited = unlimited.value === true ? items.filter((record) => !record.free) : items;
  const body = {
    assets: limited.map((record) => responseAsset(location, record)),
    ...(unlimited.value === true
      ? {
          unlimitedAssets: items
            .filter((record) => record.free)
            .map((record) => toUnlimitedResponseAsset(responseAsset(location, record))),
        }
      : {}),
    ...paging,
    versionId: location.assets.collection.versionId(),
  };
  return json(withCommon(location, body));
};

/** The route. */
export const assetsRoute: Route = {
  kind: "token",
  path: "assets",
  mainField: "assets",
  methods: { GET: getAssets },
};
