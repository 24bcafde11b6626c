import { type Draft, enableMapSet, freeze } from "immer";
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
 * Folds events into a pool on one working copy for the whole batch, so replaying N events costs O(N) plus one
 * copy of the holders map, taken on the first write only (a batch that assigns or reclaims nothing shares it).
 * Like immer, the result is frozen (the map refuses writes) and a batch that changes nothing returns `state`
 * itself, frozen. No immer draft here: its per-write bookkeeping made replays about 6x a plain loop
 * (bench/replay.ts); `applyLicenseEvent` still accepts immer drafts for callers that use them.
 */
export const foldLicense = (state: LicenseState, events: Iterable<LicenseEvent>): LicenseState => {
  let holders: Map<string, string> | undefined;
  const draft: Draft<LicenseState> = {
    purchased: state.purchased,
    deployment: state.deployment,
    get holders() {
      holders ??= new Map(state.holders);
      return holders;
    },
  };
  for (const event of events) applyLicenseEvent(draft, event);
  if (!holders && draft.purchased === state.purchased && draft.deployment === state.deployment) {
    freeze(state.holders);
    return freeze(state);
  }
  return freeze({
    purchased: draft.purchased,
    deployment: draft.deployment,
    holders: freeze(holders ?? state.holders),
  });
};

/** Applies one event (the Decider's `evolve`). */
export const evolveLicense = (state: LicenseState, event: LicenseEvent): LicenseState =>
  foldLicense(state, [event]);
