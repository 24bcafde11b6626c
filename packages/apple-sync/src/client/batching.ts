import type { Asset } from "./codecs/common.js";
import type { ManageAssetsRequest, RevokeAssetsRequest } from "./codecs/manage.js";
import type { RequestUser } from "./codecs/users.js";
import { AppleApiError } from "./errors.js";

/** Splits `items` into consecutive chunks of at most `size` (>= 1). */
export const chunk = <T>(items: ReadonlyArray<T>, size: number): T[][] => {
  const step = Math.max(1, Math.floor(size));
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += step) chunks.push(items.slice(start, start + step));
  return chunks;
};

/** Apple rejects duplicate ids in one request (9703–9705, 9715); repeating an id adds nothing. */
const unique = <T>(items: ReadonlyArray<T>, key: (item: T) => string): T[] => {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
};

const assetKey = (asset: Asset): string => `${asset.adamId}\u0000${asset.pricingParam ?? ""}`;

/**
 * Splits an associate/disassociate request into requests Apple accepts: at most `maxAssets` assets, and at
 * most `maxClientUserIds` users and `maxSerialNumbers` devices per request (users and devices of the same
 * index travel together). Returns no request when there is nothing to do.
 */
export const chunkManageAssets = (
  request: ManageAssetsRequest,
  limits: {
    readonly maxAssets: number;
    readonly maxClientUserIds: number;
    readonly maxSerialNumbers: number;
  },
): ManageAssetsRequest[] => {
  const users = chunk(unique(request.clientUserIds ?? [], String), limits.maxClientUserIds);
  const devices = chunk(unique(request.serialNumbers ?? [], String), limits.maxSerialNumbers);
  const requests: ManageAssetsRequest[] = [];
  for (const assets of chunk(unique(request.assets, assetKey), limits.maxAssets)) {
    for (let index = 0; index < Math.max(users.length, devices.length); index++) {
      const clientUserIds = users[index];
      const serialNumbers = devices[index];
      requests.push({
        assets,
        ...(clientUserIds ? { clientUserIds } : {}),
        ...(serialNumbers ? { serialNumbers } : {}),
      });
    }
  }
  return requests;
};

/** Splits a revoke request by `maxRevokeClientUserIds` and `maxRevokeSerialNumbers`. */
export const chunkRevoke = (
  request: RevokeAssetsRequest,
  limits: { readonly maxRevokeClientUserIds: number; readonly maxRevokeSerialNumbers: number },
): RevokeAssetsRequest[] => {
  const users = chunk(unique(request.clientUserIds ?? [], String), limits.maxRevokeClientUserIds);
  const devices = chunk(unique(request.serialNumbers ?? [], String), limits.maxRevokeSerialNumbers);
  return Array.from({ length: Math.max(users.length, devices.length) }, (_, index) => {
    const clientUserIds = users[index];
    const serialNumbers = devices[index];
    return { ...(clientUserIds ? { clientUserIds } : {}), ...(serialNumbers ? { serialNumbers } : {}) };
  });
};

/**
 * Splits users by `maxUsers`. Two entries for one `clientUserId` that differ are refused (which one should
 * win is the caller's decision); identical repeats are merged.
 */
export const chunkUsers = <U extends Pick<RequestUser, "clientUserId">>(
  users: ReadonlyArray<U>,
  maxUsers: number,
): U[][] => {
  const byId = new Map<string, U>();
  for (const user of users) {
    const previous = byId.get(user.clientUserId);
    if (previous && JSON.stringify(previous) !== JSON.stringify(user)) {
      throw new AppleApiError(
        "invalid-request",
        `user ${user.clientUserId} appears twice with different fields; send one entry per clientUserId`,
      );
    }
    byId.set(user.clientUserId, user);
  }
  return chunk([...byId.values()], maxUsers);
};
