import fc from "fast-check";
import type { VppAccountEvent } from "../../account/events.js";
import type { TokenHealth } from "../../account/token-health.js";
import { isoDateTimeArb } from "./time.js";
import { boundedStringArb, failureArb, identifierArb, syncReportArb } from "./values.js";

const event = <T extends VppAccountEvent["type"], D>(type: T, data: fc.Arbitrary<D>) =>
  data.map((d) => ({ type, data: d }));

/** Every token health state. */
export const tokenHealthArb: fc.Arbitrary<TokenHealth> = fc.constantFrom(
  "ok",
  "expiring-30d",
  "expiring-15d",
  "expired",
  "revoked",
);

const tokenFactsArb = fc.record({
  orgName: boundedStringArb(256),
  tokenName: boundedStringArb(256),
  appleId: boundedStringArb(320),
  fingerprint: fc.string({ unit: "grapheme", maxLength: 80 }),
  expiresAt: isoDateTimeArb,
  at: isoDateTimeArb,
});

const syncTriggerArb = fc.constantFrom("manual" as const, "schedule" as const);
const userEventArb = fc.record({ userId: identifierArb, at: isoDateTimeArb });

/**
 * One arbitrary per VppAccount event type, with any values the event's codec accepts (unicode names, any
 * offsets, huge counts): for codec round trips. The values need not be reachable by `decide`.
 */
export const vppAccountEventArbs = {
  TokenUploaded: event("TokenUploaded", tokenFactsArb),
  TokenRenewed: event("TokenRenewed", tokenFactsArb),
  TokenRevoked: event("TokenRevoked", fc.record({ fingerprint: fc.string(), at: isoDateTimeArb })),
  SyncStarted: event(
    "SyncStarted",
    fc.record({ syncId: identifierArb, trigger: syncTriggerArb, at: isoDateTimeArb }),
  ),
  SyncSucceeded: event(
    "SyncSucceeded",
    fc.record({ syncId: identifierArb, report: syncReportArb, at: isoDateTimeArb }),
  ),
  SyncFailed: event(
    "SyncFailed",
    fc.record({ syncId: identifierArb, error: failureArb, at: isoDateTimeArb }),
  ),
  LocationClaimedByOtherMdm: event(
    "LocationClaimedByOtherMdm",
    fc.record({ mdmId: boundedStringArb(256), mdmName: boundedStringArb(256), at: isoDateTimeArb }),
  ),
  OwnershipRestored: event("OwnershipRestored", fc.record({ at: isoDateTimeArb })),
  UserInvited: event("UserInvited", userEventArb),
  TermsAccepted: event("TermsAccepted", userEventArb),
  UserRetired: event("UserRetired", userEventArb),
  AppleIdErased: event("AppleIdErased", fc.record({ at: isoDateTimeArb })),
  DeviceRegistered: event("DeviceRegistered", fc.record({ serialNumber: identifierArb, at: isoDateTimeArb })),
  DeviceRetired: event(
    "DeviceRetired",
    fc.record({
      serialNumber: identifierArb,
      reason: fc.constantFrom("device-retired", "device-wiped", "device-unenrolled", "device-moved" as const),
      at: isoDateTimeArb,
    }),
  ),
  LocationLicensesRevoked: event(
    "LocationLicensesRevoked",
    fc.record({ reason: boundedStringArb(500), at: isoDateTimeArb }),
  ),
  TokenHealthChanged: event(
    "TokenHealthChanged",
    fc.record({
      health: tokenHealthArb,
      previous: tokenHealthArb,
      expiresAt: isoDateTimeArb,
      at: isoDateTimeArb,
    }),
  ),
} satisfies { readonly [K in VppAccountEvent["type"]]: fc.Arbitrary<Extract<VppAccountEvent, { type: K }>> };

/** Any VppAccount event (see {@link vppAccountEventArbs}). */
export const vppAccountEventArb: fc.Arbitrary<VppAccountEvent> = fc.oneof(
  ...Object.values(vppAccountEventArbs),
);
