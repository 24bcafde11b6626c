import { type Draft, enableMapSet, produce } from "immer";
import type { LicenseEvent } from "./events.js";
import type { LicenseState } from "./state.js";

enableMapSet();

/** Applies one event to a draft: the single place that knows how each event changes a pool. */
export const applyLicenseEvent = (draft: Draft<LicenseState>, event: LicenseEvent): void => {
  switch (event.type) {
    case "PurchasedCountSynced":
      draft.purchased = event.data.purchased;
      return;
    case "AppDeployed":
      draft.deployment = event.data.action;
      return;
    case "LicenseAssigned":
      draft.holders.set(event.data.userId, event.data.at);
      return;
    case "LicenseReclaimed":
      draft.holders.delete(event.data.userId);
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
 * Folds events into a pool sharing one immer draft for the whole batch: the holders map is copied once per
 * batch, not once per event, so replaying N events costs O(N).
 */
export const foldLicense = (state: LicenseState, events: Iterable<LicenseEvent>): LicenseState =>
  produce(state, (draft) => {
    for (const event of events) applyLicenseEvent(draft, event);
  });

/** Applies one event (the Decider's `evolve`). */
export const evolveLicense = (state: LicenseState, event: LicenseEvent): LicenseState =>
  foldLicense(state, [event]);
