import type { AggregateDefinition } from "../app/aggregate.js";
import type { Decider } from "../shared/decider.js";
import { assertId } from "../shared/ids.js";
import { eventCatalog } from "../store/catalog.js";
import { decodeVppAccountCommand, type VppAccountCommand } from "./commands.js";
import { decideAccount } from "./decide.js";
import type { VppAccountEvent } from "./events.js";
import * as events from "./events.js";
import { evolveAccount, foldAccount } from "./evolve.js";
import { defaultVppAccountPolicy, type VppAccountPolicy } from "./policy.js";
import { vppAccountSnapshot } from "./snapshot.js";
import { initialVppAccountState, type VppAccountState } from "./state.js";

export * from "./commands.js";
export * from "./events.js";
export { applyAccountEvent, ERASED } from "./evolve.js";
export * from "./health.js";
export * from "./policy.js";
export { vppAccountSnapshot } from "./snapshot.js";
export * from "./state.js";
export { parseVppToken, type VppTokenInfo, vppTokenFingerprint } from "./token.js";
export * from "./token-health.js";

/** The VppAccount decider (one stream per tenant) under a given policy. */
export const createVppAccount = (
  policy: VppAccountPolicy = defaultVppAccountPolicy,
): Decider<VppAccountCommand, VppAccountEvent, VppAccountState> => ({
  initialState: initialVppAccountState,
  decide: decideAccount(policy),
  evolve: evolveAccount,
  fold: foldAccount,
});

/** The VppAccount decider with the default policy (12 h syncs). */
export const VppAccount = createVppAccount();

/** How each VppAccount event is stored. Bump a `schemaVersion` and add an upcaster when a shape changes. */
export const vppAccountEvents = eventCatalog<VppAccountEvent>({
  TokenUploaded: { codec: events.TokenUploaded, schemaVersion: 1 },
  TokenRenewed: { codec: events.TokenRenewed, schemaVersion: 1 },
  TokenRevoked: { codec: events.TokenRevoked, schemaVersion: 1 },
  SyncStarted: { codec: events.SyncStarted, schemaVersion: 1 },
  SyncSucceeded: { codec: events.SyncSucceeded, schemaVersion: 1 },
  SyncFailed: { codec: events.SyncFailed, schemaVersion: 1 },
  LocationClaimedByOtherMdm: { codec: events.LocationClaimedByOtherMdm, schemaVersion: 1 },
  OwnershipRestored: { codec: events.OwnershipRestored, schemaVersion: 1 },
  UserInvited: { codec: events.UserInvited, schemaVersion: 1 },
  TermsAccepted: { codec: events.TermsAccepted, schemaVersion: 1 },
  UserRetired: { codec: events.UserRetired, schemaVersion: 1 },
  AppleIdErased: { codec: events.AppleIdErased, schemaVersion: 1 },
  DeviceRegistered: { codec: events.DeviceRegistered, schemaVersion: 1 },
  DeviceRetired: { codec: events.DeviceRetired, schemaVersion: 1 },
  LocationLicensesRevoked: { codec: events.LocationLicensesRevoked, schemaVersion: 1 },
  TokenHealthChanged: { codec: events.TokenHealthChanged, schemaVersion: 1 },
});

/** Prefix of every account stream id. */
export const VPP_ACCOUNT_STREAM_PREFIX = "vpp-account";

/**
 * Stream id of a tenant's account. Throws a `TypeError` naming the field for a tenant id outside the grammar
 * (entry points check ids first and answer `invalid-input`): a stream id is never ambiguous.
 */
export const vppAccountStreamId = (tenantId: string): string =>
  `${VPP_ACCOUNT_STREAM_PREFIX}:${assertId("identifier", "tenantId", tenantId)}`;

/** VppAccount wired for the command handler: decider, event catalog and snapshot codec. */
export const createVppAccountAggregate = (
  policy: VppAccountPolicy = defaultVppAccountPolicy,
): AggregateDefinition<VppAccountCommand, VppAccountEvent, VppAccountState> => ({
  name: "VppAccount",
  decider: createVppAccount(policy),
  decodeCommand: decodeVppAccountCommand,
  events: vppAccountEvents,
  snapshot: vppAccountSnapshot,
});

/** VppAccount with the default policy, ready for `handleCommand`. */
export const VppAccountAggregate = createVppAccountAggregate();
