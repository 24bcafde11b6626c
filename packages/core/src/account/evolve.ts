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
      // One event on its own: a new map sharing the old one (`foldAccount` keeps one editor for a batch).
      const maps = new MapEditors(draft);
      applyToMaps(maps, event);
      Object.assign(draft, maps.done());
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

type AccountMaps = Pick<VppAccountState, "users" | "devices">;

/**
 * Editors of the account's two maps that grow with its history, opened on first write so an event copies only
 * the overlays of the map it touches.
 */
class MapEditors {
  #users: HoldersEditor<TermsStatus> | undefined;
  #devices: HoldersEditor<DeviceStatus> | undefined;

  constructor(private readonly maps: AccountMaps) {}

  get users(): HoldersEditor<TermsStatus> {
    this.#users ??= Holders.of(this.maps.users).edit();
    return this.#users;
  }

  get devices(): HoldersEditor<DeviceStatus> {
    this.#devices ??= Holders.of(this.maps.devices).edit();
    return this.#devices;
  }

  get changed(): boolean {
    return this.#users?.changed === true || this.#devices?.changed === true;
  }

  /** The maps with the edits made. */
  done(): AccountMaps {
    return {
      users: this.#users?.changed ? this.#users.done() : this.maps.users,
      devices: this.#devices?.changed ? this.#devices.done() : this.maps.devices,
    };
  }
}

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
  const maps = new MapEditors(state);
  const next = produce(state, (draft) => {
    for (const event of events) if (!applyToMaps(maps, event)) applyAccountEvent(draft, event);
  });
  return maps.changed ? Object.freeze({ ...next, ...maps.done() }) : next;
};

/** Applies one event (the Decider's `evolve`). */
export const evolveAccount = (state: VppAccountState, event: VppAccountEvent): VppAccountState =>
  foldAccount(state, [event]);
