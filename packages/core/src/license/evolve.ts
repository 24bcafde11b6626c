import { type Draft, enableMapSet, freeze } from "immer";
import type { LicenseEvent } from "./events.js";
import { Holders, type HoldersEditor } from "./holders.js";
import { withMetadata } from "./pool.js";
import type { LicenseState } from "./state.js";

enableMapSet();

type HolderWrites = { set(id: string, at: string): unknown; delete(id: string): unknown };

/** What {@link applyLicenseEvent} writes to: an immer draft of the state, or the fold's own working copy. */
export interface LicenseDraft {
  purchased: number;
  deployment: LicenseState["deployment"];
  licensing: LicenseState["licensing"];
  assignments: number;
  reclaims: number;
  metadata: LicenseState["metadata"];
  usageAlert: LicenseState["usageAlert"];
  readonly holders: HolderWrites;
  readonly devices: HolderWrites;
}

/** Applies one event to a draft: the single place that knows how each event changes a pool. */
export const applyLicenseEvent = (draft: LicenseDraft | Draft<LicenseState>, event: LicenseEvent): void => {
  switch (event.type) {
    case "PurchasedCountSynced": {
      draft.purchased = event.data.purchased;
      const { pricingParam, supportedPlatforms, deviceAssignable } = event.data;
      if (pricingParam !== undefined || supportedPlatforms !== undefined || deviceAssignable !== undefined) {
        draft.metadata = withMetadata(draft.metadata, event.data);
      }
      return;
    }
    case "AppDeployed":
      draft.deployment = event.data.action;
      if (event.data.licensing !== undefined) draft.licensing = event.data.licensing;
      return;
    case "LicenseAssigned":
      draft.holders.set(event.data.userId, event.data.at);
      draft.assignments += 1;
      return;
    case "LicenseReclaimed":
      draft.holders.delete(event.data.userId);
      draft.reclaims += 1;
      return;
    case "DeviceLicenseAssigned":
    case "DeviceLicenseImported":
      draft.devices.set(event.data.serialNumber, event.data.at);
      draft.assignments += 1;
      return;
    case "DeviceLicenseReclaimed":
      draft.devices.delete(event.data.serialNumber);
      draft.reclaims += 1;
      return;
    case "LicenseMovedToDevice":
      draft.holders.delete(event.data.userId);
      draft.devices.set(event.data.serialNumber, event.data.at);
      draft.reclaims += 1;
      draft.assignments += 1;
      return;
    case "LicensesRevoked":
      for (const userId of event.data.userIds) draft.holders.delete(userId);
      for (const serialNumber of event.data.serialNumbers) draft.devices.delete(serialNumber);
      draft.reclaims += event.data.userIds.length + event.data.serialNumbers.length;
      return;
    case "PoolUsageChanged":
      draft.usageAlert = event.data.level;
      return;
    case "OverAllocationDetected":
    case "InstallRequested":
    case "AppInstalled":
    case "InstallFailed":
      // Facts for audit and monitoring; they change nothing a decision depends on.
      return;
  }
};

/**
 * Folds events into a pool: one {@link HoldersEditor} per holder map for the whole batch, so a command touching a
 * few holders copies only the small overlays and a long replay copies each map once at most. A batch that changes
 * nothing returns `state` itself. Results are frozen, as immer's are. (No immer draft here: its per-write
 * bookkeeping made replays about 6x a plain loop, bench/replay.ts; `applyLicenseEvent` still takes immer drafts.)
 */
export const foldLicense = (state: LicenseState, events: Iterable<LicenseEvent>): LicenseState => {
  const users = Holders.of(state.holders);
  const devices = Holders.of(state.devices);
  let userEditor: HoldersEditor | undefined;
  let deviceEditor: HoldersEditor | undefined;
  const draft: LicenseDraft = {
    purchased: state.purchased,
    deployment: state.deployment,
    licensing: state.licensing,
    assignments: state.assignments,
    reclaims: state.reclaims,
    metadata: state.metadata,
    usageAlert: state.usageAlert,
    get holders() {
      userEditor ??= users.edit();
      return userEditor;
    },
    get devices() {
      deviceEditor ??= devices.edit();
      return deviceEditor;
    },
  };
  for (const event of events) applyLicenseEvent(draft, event);
  const unchanged =
    draft.purchased === state.purchased &&
    draft.deployment === state.deployment &&
    draft.licensing === state.licensing &&
    draft.assignments === state.assignments &&
    draft.reclaims === state.reclaims &&
    draft.metadata === state.metadata &&
    draft.usageAlert === state.usageAlert &&
    !userEditor?.changed &&
    !deviceEditor?.changed;
  if (unchanged) {
    return users === state.holders && devices === state.devices
      ? freeze(state)
      : freeze({ ...state, holders: users, devices });
  }
  return freeze({
    purchased: draft.purchased,
    deployment: draft.deployment,
    licensing: draft.licensing,
    holders: userEditor?.changed ? userEditor.done() : users,
    devices: deviceEditor?.changed ? deviceEditor.done() : devices,
    assignments: draft.assignments,
    reclaims: draft.reclaims,
    metadata: draft.metadata,
    usageAlert: draft.usageAlert,
  });
};

/** Applies one event (the Decider's `evolve`). */
export const evolveLicense = (state: LicenseState, event: LicenseEvent): LicenseState =>
  foldLicense(state, [event]);
