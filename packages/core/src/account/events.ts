import * as t from "io-ts";
import { DeviceDeparture, RevokeReason, SerialNumber } from "../license/terms.js";
import { boundedString, Identifier, messageCodec, NonNegativeInt } from "../shared/codec.js";
import { IsoDateTime } from "../shared/time.js";
import { TokenHealth } from "./token-health.js";

const TokenFacts = {
  orgName: boundedString(256),
  tokenName: boundedString(256),
  /** The admin's Apple ID as typed at upload (R4). Personal data: see docs/domain.md. */
  appleId: boundedString(320),
  fingerprint: t.string,
  expiresAt: IsoDateTime,
  at: IsoDateTime,
};

/** What a finished sync found (R9: foreign records are counted, never imported). */
export const SyncReport = t.intersection([
  t.type({
    apps: NonNegativeInt,
    users: NonNegativeInt,
    assignments: NonNegativeInt,
    ignoredForeignUsers: NonNegativeInt,
    ignoredForeignAssignments: NonNegativeInt,
    /** Assignments where Apple and the ledger disagree, reported for an admin to review. */
    drift: NonNegativeInt,
    /** Events the sync appended; 0 when nothing had changed at Apple. */
    changes: NonNegativeInt,
  }),
  t.partial({
    /**
     * Apple's records (apps, users, assignments) with an id outside the ledger's grammar (R24), skipped. A user
     * or assignment with such a clientUserId is also counted foreign; an assignment of one of our users to such
     * an adamId is also drift. Absent in reports recorded before it existed.
     */
    rejectedIds: NonNegativeInt,
    /**
     * Apple-only assignments of registered devices the sync imported into their pools (`DeviceLicenseImported`,
     * R9); not counted in `drift`. Absent in reports recorded before imports existed.
     */
    importedDevices: NonNegativeInt,
  }),
]);
/** See {@link SyncReport}. */
export type SyncReport = t.TypeOf<typeof SyncReport>;

/** A failure in words a host can show: a stable code and a message without secrets. */
export const Failure = t.type({ code: boundedString(64), message: boundedString(1000) });
/** See {@link Failure}. */
export type Failure = t.TypeOf<typeof Failure>;

/** The tenant linked its Apple location by uploading its first token (R1–R3). */
export const TokenUploaded = messageCodec("TokenUploaded", TokenFacts);
/** A new token for the same location replaced the old one (R2 renewal). */
export const TokenRenewed = messageCodec("TokenRenewed", TokenFacts);
/** Apple reported the current token revoked (9625): no sync or assignment until a renewed token. */
export const TokenRevoked = messageCodec("TokenRevoked", { fingerprint: t.string, at: IsoDateTime });
/** A sync began (R7); `trigger` says whether an admin or the schedule asked. */
export const SyncStarted = messageCodec("SyncStarted", {
  syncId: Identifier,
  trigger: t.keyof({ manual: null, schedule: null }),
  at: IsoDateTime,
});
/** A sync finished and imported what Apple holds. */
export const SyncSucceeded = messageCodec("SyncSucceeded", {
  syncId: Identifier,
  report: SyncReport,
  at: IsoDateTime,
});
/** A sync stopped with an error (or was abandoned after its lease ran out). */
export const SyncFailed = messageCodec("SyncFailed", { syncId: Identifier, error: Failure, at: IsoDateTime });
/** Another MDM product holds the Apple location (R6, R8): all Apple calls stop. */
export const LocationClaimedByOtherMdm = messageCodec("LocationClaimedByOtherMdm", {
  mdmId: boundedString(256),
  mdmName: boundedString(256),
  at: IsoDateTime,
});
/** An admin resolved the ownership conflict; the next sync claims the location again. */
export const OwnershipRestored = messageCodec("OwnershipRestored", { at: IsoDateTime });
/** A user was invited to the VPP program (R15). `userId` is the host's opaque id, issued to Apple as clientUserId. */
export const UserInvited = messageCodec("UserInvited", { userId: Identifier, at: IsoDateTime });
/** The user accepted the VPP terms by linking an Apple Account (R15). */
export const TermsAccepted = messageCodec("TermsAccepted", { userId: Identifier, at: IsoDateTime });
/** The user left the program; their licenses are reclaimed by the license pools. */
export const UserRetired = messageCodec("UserRetired", { userId: Identifier, at: IsoDateTime });

/**
 * The host reported a device retired, wiped, unenrolled or moved to another tenant (R21): the licensing reactor
 * reclaims every license the device holds.
 */
export const DeviceRetired = messageCodec("DeviceRetired", {
  serialNumber: SerialNumber,
  reason: DeviceDeparture,
  at: IsoDateTime,
});
/** The host registered a device it manages (R20): its serial number is ours, so the sync counts its Apple
 * assignments as ours rather than foreign (R9). */
export const DeviceRegistered = messageCodec("DeviceRegistered", {
  serialNumber: SerialNumber,
  at: IsoDateTime,
});
/** An admin asked to revoke every license of the location, with a reason (R22); each pool records its revocation. */
export const LocationLicensesRevoked = messageCodec("LocationLicensesRevoked", {
  reason: RevokeReason,
  at: IsoDateTime,
});
/** The token's health crossed into another state (R23): once per crossing, `previous` is the state it left. */
export const TokenHealthChanged = messageCodec("TokenHealthChanged", {
  health: TokenHealth,
  previous: TokenHealth,
  expiresAt: IsoDateTime,
  at: IsoDateTime,
});

/** The admin's Apple ID was erased from this account's history on request (personal data). */
export const AppleIdErased = messageCodec("AppleIdErased", { at: IsoDateTime });

/** Every VppAccount event. */
export type VppAccountEvent =
  | t.TypeOf<typeof TokenUploaded>
  | t.TypeOf<typeof TokenRenewed>
  | t.TypeOf<typeof TokenRevoked>
  | t.TypeOf<typeof SyncStarted>
  | t.TypeOf<typeof SyncSucceeded>
  | t.TypeOf<typeof SyncFailed>
  | t.TypeOf<typeof LocationClaimedByOtherMdm>
  | t.TypeOf<typeof OwnershipRestored>
  | t.TypeOf<typeof UserInvited>
  | t.TypeOf<typeof TermsAccepted>
  | t.TypeOf<typeof UserRetired>
  | t.TypeOf<typeof AppleIdErased>
  | t.TypeOf<typeof DeviceRegistered>
  | t.TypeOf<typeof DeviceRetired>
  | t.TypeOf<typeof LocationLicensesRevoked>
  | t.TypeOf<typeof TokenHealthChanged>;

/** Codec of each VppAccount event, by type. */
export const vppAccountEventCodecs = {
  TokenUploaded,
  TokenRenewed,
  TokenRevoked,
  SyncStarted,
  SyncSucceeded,
  SyncFailed,
  LocationClaimedByOtherMdm,
  OwnershipRestored,
  UserInvited,
  TermsAccepted,
  UserRetired,
  AppleIdErased,
  DeviceRegistered,
  DeviceRetired,
  LocationLicensesRevoked,
  TokenHealthChanged,
} as const;
