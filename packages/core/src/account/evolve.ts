import { type Draft, enableMapSet, produce } from "immer";
import type { VppAccountEvent } from "./events.js";
import type { VppAccountState } from "./state.js";

enableMapSet();

/** What replaces erased personal data in events and state. */
export const ERASED = "[erased]";

/** Applies one event to a draft: the single place that knows how each event changes the account. */
export const applyAccountEvent = (draft: Draft<VppAccountState>, event: VppAccountEvent): void => {
  switch (event.type) {
    case "TokenUploaded": {
      const { orgName, tokenName, appleId, fingerprint, expiresAt, at } = event.data;
      draft.link = {
        orgName,
        tokenName,
        appleId,
        fingerprint,
        expiresAt,
        linkedAt: at,
        updatedAt: at,
        revokedAt: null,
      };
      return;
    }
    case "TokenRenewed": {
      if (!draft.link) return;
      const { tokenName, appleId, fingerprint, expiresAt, at } = event.data;
      Object.assign(draft.link, {
        tokenName,
        appleId,
        fingerprint,
        expiresAt,
        updatedAt: at,
        revokedAt: null,
      });
      return;
    }
    case "TokenRevoked":
      if (draft.link && draft.link.fingerprint === event.data.fingerprint)
        draft.link.revokedAt = event.data.at;
      return;
    case "SyncStarted":
      draft.sync.running = {
        syncId: event.data.syncId,
        trigger: event.data.trigger,
        startedAt: event.data.at,
      };
      draft.sync.lastStartedAt = event.data.at;
      return;
    case "SyncSucceeded":
      draft.sync.running = null;
      draft.sync.lastSucceededAt = event.data.at;
      draft.sync.lastReport = event.data.report;
      return;
    case "SyncFailed":
      draft.sync.running = null;
      draft.sync.lastFailure = { ...event.data.error, at: event.data.at };
      return;
    case "LocationClaimedByOtherMdm":
      draft.claimedBy = { mdmId: event.data.mdmId, mdmName: event.data.mdmName, at: event.data.at };
      return;
    case "OwnershipRestored":
      draft.claimedBy = null;
      return;
    case "UserInvited":
      draft.users.set(event.data.userId, "invited");
      return;
    case "TermsAccepted":
      draft.users.set(event.data.userId, "accepted");
      return;
    case "UserRetired":
      draft.users.set(event.data.userId, "retired");
      return;
    case "AppleIdErased":
      if (draft.link) draft.link.appleId = ERASED;
      return;
    case "TokenHealthChanged":
      draft.tokenHealth = event.data.health;
      return;
    case "DeviceRegistered":
      draft.devices.set(event.data.serialNumber, "registered");
      return;
    case "DeviceRetired":
      // Only a device the host registered is marked; the licensing reactor reclaims licenses either way.
      if (draft.devices.has(event.data.serialNumber)) draft.devices.set(event.data.serialNumber, "retired");
      return;
    case "LocationLicensesRevoked":
      // Facts the licensing reactor acts on across pools; the account itself keeps nothing of them.
      return;
  }
};

/** Folds events into the account state, sharing one immer draft for the whole batch. */
export const foldAccount = (state: VppAccountState, events: Iterable<VppAccountEvent>): VppAccountState =>
  produce(state, (draft) => {
    for (const event of events) applyAccountEvent(draft, event);
  });

/** Applies one event (the Decider's `evolve`). */
export const evolveAccount = (state: VppAccountState, event: VppAccountEvent): VppAccountState =>
  foldAccount(state, [event]);
