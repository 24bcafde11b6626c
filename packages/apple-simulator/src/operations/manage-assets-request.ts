/**
 * Synchronous validation of ManageAssetsRequest (associate, disassociate) and RevokeAssetsRequest. A request
 * that fails here gets an ErrorResponse and starts no async work, as at Apple.
 */
import type { ServiceLimits } from "../limits.js";
import { type AssetRecord, assetKey, type PricingParam } from "../model/assets.js";
import type { Location } from "../model/location.js";
import { fail, ok, type Result } from "../result.js";
import { duplicates, objectBody, stringArray } from "./validate.js";

/** A validated associate/disassociate request, with the owned assets resolved. */
export interface ManageAssetsCommand {
  readonly assets: readonly AssetRecord[];
  readonly clientUserIds: readonly string[];
  readonly serialNumbers: readonly string[];
}

/** A validated revoke request. */
export interface RevokeAssetsCommand {
  readonly clientUserIds: readonly string[];
  readonly serialNumbers: readonly string[];
}

interface Targets {
  readonly clientUserIds: string[];
  readonly serialNumbers: string[];
}

const parseTargets = (
  body: Record<string, unknown>,
  maxClientUserIds: number,
  maxSerialNumbers: number,
): Result<Targets> => {
  const clientUserIds = stringArray(body.clientUserIds, "clientUserIds");
  if (!clientUserIds.ok) return clientUserIds;
  const serialNumbers = stringArray(body.serialNumbers, "serialNumbers");
  if (!serialNumbers.ok) return serialNumbers;
  const users = clientUserIds.value;
  const serials = serialNumbers.value;
  if (users.length === 0 && serials.length === 0) return fail(9719);
  if (users.length > maxClientUserIds) return fail(9701, `At most ${maxClientUserIds} are allowed.`);
  if (serials.length > maxSerialNumbers) return fail(9702, `At most ${maxSerialNumbers} are allowed.`);
  const userDuplicates = duplicates(users);
  if (userDuplicates.length > 0) return fail(9704, undefined, { clientUserIds: userDuplicates });
  const serialDuplicates = duplicates(serials);
  if (serialDuplicates.length > 0) return fail(9705, undefined, { serialNumbers: serialDuplicates });
  return ok({ clientUserIds: users, serialNumbers: serials });
};

const assetRefs = (assets: readonly AssetRecord[]) =>
  assets.map((asset) => ({ adamId: asset.adamId, pricingParam: asset.pricingParam }));

const parseAssets = (location: Location, value: unknown, limits: ServiceLimits): Result<AssetRecord[]> => {
  if (value === undefined || value === null || (Array.isArray(value) && value.length === 0))
    return fail(9718);
  if (!Array.isArray(value)) return fail(9602, "assets must be an array of {adamId, pricingParam}.");
  if (value.length > limits.maxAssets) return fail(9700, `At most ${limits.maxAssets} are allowed.`);
  const requested: { adamId: string; pricingParam?: PricingParam }[] = [];
  for (const item of value) {
    const entry = item as { adamId?: unknown; pricingParam?: unknown } | null;
    if (
      typeof entry !== "object" ||
      entry === null ||
      typeof entry.adamId !== "string" ||
      entry.adamId === ""
    ) {
      return fail(9602, "Each asset needs a string adamId.");
    }
    if (entry.pricingParam !== undefined && entry.pricingParam !== "STDQ" && entry.pricingParam !== "PLUS") {
      return fail(9602, "pricingParam must be STDQ or PLUS.", { assets: [{ adamId: entry.adamId }] });
    }
    requested.push(
      entry.pricingParam === undefined
        ? { adamId: entry.adamId }
        : { adamId: entry.adamId, pricingParam: entry.pricingParam },
    );
  }
  // Apple keys assets by (adamId, pricingParam); a missing pricingParam means the STDQ one when owned.
  const unknown = requested.filter(
    (asset) => location.assets.get(asset.adamId, asset.pricingParam) === undefined,
  );
  if (unknown.length > 0) {
    return fail(9602, "The location owns no such asset (adamId and pricingParam).", { assets: unknown });
  }
  const resolved = requested.map((asset) => location.assets.require(asset.adamId, asset.pricingParam));
  const repeated = new Set(duplicates(resolved.map(assetKey)));
  if (repeated.size > 0) {
    const assets = resolved.filter(
      (asset, index) => repeated.has(assetKey(asset)) && resolved.indexOf(asset) === index,
    );
    return fail(9703, undefined, { assets: assetRefs(assets) });
  }
  return ok(resolved);
};

/** Validates associate (`forAssociate`) or disassociate. */
export const parseManageAssets = (
  location: Location,
  rawBody: unknown,
  limits: ServiceLimits,
  operation: "associate" | "disassociate",
): Result<ManageAssetsCommand> => {
  const body = objectBody(rawBody);
  if (!body.ok) return body;
  const assets = parseAssets(location, body.value.assets, limits);
  if (!assets.ok) return assets;
  const targets = parseTargets(body.value, limits.maxClientUserIds, limits.maxSerialNumbers);
  if (!targets.ok) return targets;
  if (operation === "associate" && targets.value.serialNumbers.length > 0) {
    const notDevice = assets.value.filter((asset) => !asset.deviceAssignable);
    if (notDevice.length > 0) return fail(9707, undefined, { assets: assetRefs(notDevice) });
  }
  if (operation === "disassociate") {
    const irrevocable = assets.value.filter((asset) => !asset.revocable);
    if (irrevocable.length > 0) return fail(9706, undefined, { assets: assetRefs(irrevocable) });
  }
  return ok({ assets: assets.value, ...targets.value });
};

/** Validates RevokeAssetsRequest against the revoke-specific limits. */
export const parseRevokeAssets = (rawBody: unknown, limits: ServiceLimits): Result<RevokeAssetsCommand> => {
  const body = objectBody(rawBody);
  if (!body.ok) return body;
  return parseTargets(body.value, limits.maxRevokeClientUserIds, limits.maxRevokeSerialNumbers);
};
