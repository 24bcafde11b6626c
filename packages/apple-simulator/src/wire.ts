/**
 * The JSON shapes Apple sends, and the conversions from the simulator's records to them. Field names and
 * presence follow Apple's ResponseAsset, ResponseUser, Assignment and MdmInfo objects.
 */
import type { AssetRecord, PricingParam, ProductType } from "./model/assets.js";
import type { AssignmentRecord } from "./model/assignments.js";
import type { UserRecord, UserStatus } from "./model/users.js";

/** Apple's MdmInfo: who manages the location. */
export interface MdmInfo {
  readonly id: string;
  readonly name: string;
  readonly metadata: string;
}

/** Apple's ResponseAsset. */
export interface ResponseAsset {
  readonly adamId: string;
  readonly assignedCount: number;
  readonly availableCount: number;
  readonly deviceAssignable: boolean;
  readonly pricingParam: PricingParam;
  readonly productType: ProductType;
  readonly retiredCount: number;
  readonly revocable: boolean;
  readonly supportedPlatforms: readonly string[];
  readonly totalCount: number;
}

/** Apple's UnlimitedResponseAsset (with `unlimited=true`): no counts that are meaningless when unlimited. */
export type UnlimitedResponseAsset = Omit<ResponseAsset, "availableCount" | "totalCount" | "retiredCount">;

/** Apple's ResponseUser. There is no `userId` in v2. */
export interface ResponseUser {
  readonly clientUserId: string;
  readonly email?: string;
  readonly idHash?: string;
  readonly inviteCode?: string;
  readonly status: UserStatus;
}

/** Apple's Assignment; `idHash` and `userStatus` only with `includeUserState=true`. */
export interface ResponseAssignment {
  readonly adamId: string;
  readonly pricingParam: PricingParam;
  readonly clientUserId?: string;
  readonly serialNumber?: string;
  readonly idHash?: string;
  readonly userStatus?: UserStatus;
}

/** Licenses of an asset held by active targets and by retired users. */
export interface AssetCounts {
  readonly assignedCount: number;
  readonly retiredCount: number;
}

/**
 * availableCount = totalCount - assignedCount - retiredCount. It goes negative when a refund or transfer lowers
 * totalCount below what is assigned, which is the over-allocation a client must notice.
 */
export const toResponseAsset = (asset: AssetRecord, counts: AssetCounts): ResponseAsset => ({
  adamId: asset.adamId,
  assignedCount: counts.assignedCount,
  availableCount: asset.totalCount - counts.assignedCount - counts.retiredCount,
  deviceAssignable: asset.deviceAssignable,
  pricingParam: asset.pricingParam,
  productType: asset.productType,
  retiredCount: counts.retiredCount,
  revocable: asset.revocable,
  supportedPlatforms: asset.supportedPlatforms,
  totalCount: asset.totalCount,
});

/** Drops the counts that an unlimited asset does not have. */
export const toUnlimitedResponseAsset = (asset: ResponseAsset): UnlimitedResponseAsset => {
  const { availableCount: _a, totalCount: _t, retiredCount: _r, ...rest } = asset;
  return rest;
};

/** A user row as Apple lists it; absent fields are left out, not null. */
export const toResponseUser = (user: UserRecord): ResponseUser => ({
  clientUserId: user.clientUserId,
  ...(user.email === undefined ? {} : { email: user.email }),
  ...(user.idHash === undefined ? {} : { idHash: user.idHash }),
  ...(user.inviteCode === undefined ? {} : { inviteCode: user.inviteCode }),
  status: user.status,
});

/** An assignment as Apple lists it; the user row is passed when user state is asked for. */
export const toResponseAssignment = (
  record: AssignmentRecord,
  userState?: UserRecord,
): ResponseAssignment => {
  const base =
    record.target.kind === "user"
      ? { adamId: record.adamId, clientUserId: record.target.clientUserId, pricingParam: record.pricingParam }
      : {
          adamId: record.adamId,
          pricingParam: record.pricingParam,
          serialNumber: record.target.serialNumber,
        };
  if (userState === undefined) return base;
  return {
    ...base,
    ...(userState.idHash === undefined ? {} : { idHash: userState.idHash }),
    userStatus: userState.status,
  };
};
