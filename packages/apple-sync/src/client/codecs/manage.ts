import * as t from "io-ts";
import { Asset, record } from "./common.js";

/**
 * POST assets/associate and assets/disassociate: every listed asset for every listed user and device.
 * Apple needs at least one asset (9718) and at least one user or device (9719).
 */
export const ManageAssetsRequest = record(
  "ManageAssetsRequest",
  { assets: t.array(Asset) },
  { clientUserIds: t.array(t.string), serialNumbers: t.array(t.string) },
);
/** POST assets/associate and assets/disassociate body. */
export type ManageAssetsRequest = t.TypeOf<typeof ManageAssetsRequest>;

/** POST assets/revoke: removes every revocable asset from the listed users and devices. */
export const RevokeAssetsRequest = record(
  "RevokeAssetsRequest",
  {},
  { clientUserIds: t.array(t.string), serialNumbers: t.array(t.string) },
);
/** POST assets/revoke body. */
export type RevokeAssetsRequest = t.TypeOf<typeof RevokeAssetsRequest>;
