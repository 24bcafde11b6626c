import { type Draft, enableMapSet, produce } from "immer";
import { Holders, type HoldersEditor } from "../license/holders.js";
import type { VppAccountEvent } from "./events.js";
import type { DeviceStatus, TermsStatus, VppAccountState } from "./state.js";

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
    case "TermsAccepted":
    case "UserRetired":
    case "DeviceRegistered":
    case "DeviceRetired": {
      // One event on its own: a new map that shares the old one (see `foldAccount` for a batch).
      const editors = editorsOf(draft.users, draft.devices);
      applyToMaps(editors, event);
      (draft as { users: ReadonlyMap<string, TermsStatus> }).users = editors.users.done();
      (draft as { devices: ReadonlyMap<string, DeviceStatus> }).devices = editors.devices.done();
      return;
    }
    case "AppleIdErased":
      if (draft.link) draft.link.appleId = ERASED;
      return;
    case "TokenHealthChanged":
      draft.tokenHealth = event.data.health;
      return;
    case "LocationLicensesRevoked":
      // Facts the licensing reactor acts on across pools; the account itself keeps nothing of them.
      return;
  }
};

/** The account's two maps that grow with its history, being edited. */
interface MapEditors {
  readonly users: HoldersEditor<TermsStatus>;
  readonly devices: HoldersEditor<DeviceStatus>;
}

const asHolders = <V extends string>(map: ReadonlyMap<string, V>): Holders<V> =>
  map instanceof Holders ? (map as Holders<V>) : Holders.from<V>(map);

const editorsOf = (
  users: ReadonlyMap<string, TermsStatus>,
  devices: ReadonlyMap<string, DeviceStatus>,
): MapEditors => ({ users: asHolders(users).edit(), devices: asHolders(devices).edit() });

/** Applies a users' or devices' event to the editors; false for the other events. */
const applyToMaps = (editors: MapEditors, event: VppAccountEvent): boolean => {
  switch (event.type) {
    case "UserInvited":
      editors.users.set(event.data.userId, "invited");
      return true;
    case "TermsAccepted":
      editors.users.set(event.data.userId, "accepted");
      return true;
    case "UserRetired":
      editors.users.set(event.data.userId, "retired");
      return true;
    case "DeviceRegistered":
      editors.devices.set(event.data.serialNumber, "registered");
      return true;
    case "DeviceRetired":
      // Only a device the host registered is marked; the licensing reactor reclaims licenses either way.
      if (editors.devices.has(event.data.serialNumber)) {
        editors.devices.set(event.data.serialNumber, "retired");
      }
      return true;
    default:
      return false;
  }
};

/**
 * Folds events into the account state: one immer draft for the link and the syncs, and one {@link HoldersEditor}
 * each for users and devices for the whole batch. Immer would copy those maps whole on every command that
 * touches them, so registering N devices one command at a time would cost O(N²); the editors change a few
 * entries of a shared map instead, and a replay copies each map at most once.
 */
export const foldAccount = (state: VppAccountState, events: Iterable<VppAccountEvent>): VppAccountState => {
  const editors = editorsOf(state.users, state.devices);
  const next = produce(state, (draft) => {
    for (const event of events) if (!applyToMaps(editors, event)) applyAccountEvent(draft, event);
  });
  if (!editors.users.changed && !editors.devices.changed) return next;
  return Object.freeze({ ...next, users: editors.users.done(), devices: editors.devices.done() });
};
/** Applies one event (the Decider's `evolve`). */
export const evolveAccount = (state: VppAccountState, event: VppAccountEvent): VppAccountState =>
  foldAccount(state, [event]);
