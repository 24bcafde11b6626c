import * as t from "io-ts";
import { DeviceDeparture, RevokeReason, SerialNumber } from "../license/terms.js";
import { boundedString, decodeMessage, Identifier, messageCodec } from "../shared/codec.js";
import { IsoDateTime } from "../shared/time.js";
import { Failure, SyncReport } from "./events.js";

/** Link the Apple location (first upload, R1–R3, R5) or renew its token (R2). `token` is the .vpptoken content. */
export const UploadToken = messageCodec("UploadToken", {
  token: t.string,
  tokenName: boundedString(256),
  appleId: boundedString(320),
  acknowledgedSingleAccount: t.boolean,
  at: IsoDateTime,
});
/** Start a sync ("Sync now" or the schedule, R7). The caller issues `syncId`. */
export const RequestSync = messageCodec("RequestSync", {
  syncId: Identifier,
  trigger: t.keyof({ manual: null, schedule: null }),
  at: IsoDateTime,
});
/** Record the successful end of the running sync. */
export const CompleteSync = messageCodec("CompleteSync", {
  syncId: Identifier,
  report: SyncReport,
  at: IsoDateTime,
});
/** Record that the running sync failed. */
export const FailSync = messageCodec("FailSync", { syncId: Identifier, error: Failure, at: IsoDateTime });
/** Record that Apple reported the current token revoked (9625). */
export const RecordTokenRevoked = messageCodec("RecordTokenRevoked", { at: IsoDateTime });
/** Record that another MDM's `mdmInfo` holds the location (R6, R8). */
export const RecordLocationClaimed = messageCodec("RecordLocationClaimed", {
  mdmId: boundedString(256),
  mdmName: boundedString(256),
  at: IsoDateTime,
});
/** An admin confirms this product should manage the location again (resolves R6). */
export const RestoreOwnership = messageCodec("RestoreOwnership", { at: IsoDateTime });
/** Invite a user to the VPP program (R15). Idempotent. */
export const InviteUser = messageCodec("InviteUser", { userId: Identifier, at: IsoDateTime });
/** Record that an invited user accepted the VPP terms (R15). Idempotent. */
export const AcceptTerms = messageCodec("AcceptTerms", { userId: Identifier, at: IsoDateTime });
/** Retire a user from the program. Idempotent. */
export const RetireUser = messageCodec("RetireUser", { userId: Identifier, at: IsoDateTime });

/** Erase the admin's Apple ID from the account (right to erasure); see `erasePersonalData`. Idempotent. */
export const EraseAppleId = messageCodec("EraseAppleId", { at: IsoDateTime });

/** The host registers a device it manages (R20); idempotent. The device-license workflow sends it first. */
export const RegisterDevice = messageCodec("RegisterDevice", { serialNumber: SerialNumber, at: IsoDateTime });
/** The host reports a device retired, wiped, unenrolled or moved to another tenant (R21). */
export const RetireDevice = messageCodec("RetireDevice", {
  serialNumber: SerialNumber,
  reason: DeviceDeparture,
  at: IsoDateTime,
});
/** An admin revokes every license of the location, with a reason (R22). */
export const RevokeLocationLicenses = messageCodec("RevokeLocationLicenses", {
  reason: RevokeReason,
  at: IsoDateTime,
});
/** Record the token's health at `at` if it crossed into another state (R23); the host's schedule sends it. */
export const CheckTokenHealth = messageCodec("CheckTokenHealth", { at: IsoDateTime });

/** Every VppAccount command. */
export type VppAccountCommand =
  | t.TypeOf<typeof UploadToken>
  | t.TypeOf<typeof RequestSync>
  | t.TypeOf<typeof CompleteSync>
  | t.TypeOf<typeof FailSync>
  | t.TypeOf<typeof RecordTokenRevoked>
  | t.TypeOf<typeof RecordLocationClaimed>
  | t.TypeOf<typeof RestoreOwnership>
  | t.TypeOf<typeof InviteUser>
  | t.TypeOf<typeof AcceptTerms>
  | t.TypeOf<typeof RetireUser>
  | t.TypeOf<typeof EraseAppleId>
  | t.TypeOf<typeof RegisterDevice>
  | t.TypeOf<typeof RetireDevice>
  | t.TypeOf<typeof RevokeLocationLicenses>
  | t.TypeOf<typeof CheckTokenHealth>;

/** Codec of each VppAccount command, by type. */
export const vppAccountCommandCodecs = {
  UploadToken,
  RequestSync,
  CompleteSync,
  FailSync,
  RecordTokenRevoked,
  RecordLocationClaimed,
  RestoreOwnership,
  InviteUser,
  AcceptTerms,
  RetireUser,
  EraseAppleId,
  RegisterDevice,
  RetireDevice,
  RevokeLocationLicenses,
  CheckTokenHealth,
} as const;

/** Decodes untrusted input into a VppAccount command, naming the failing field or the unknown type. */
export const decodeVppAccountCommand = decodeMessage<VppAccountCommand>(
  vppAccountCommandCodecs,
  "VppAccount command",
);
