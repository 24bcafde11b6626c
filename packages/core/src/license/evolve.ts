import { type Draft, enableMapSet, freeze } from "immer";
import type { LicenseEvent } from "./events.js";
import { Holders, type HoldersEditor } from "./holders.js";
import { withMetadata } from "./pool.js";
import type { LicenseState } from "./state.js";

enableMapSet();

/** What {@link applyLicenseEvent} writes to: an immer draft of the state, or the fold's own working copy. */
export interface LicenseDraft {
  purchased: number;
  deployment: LicenseState["deployment"];
  assignments: number;
  reclaims: number;
  metadata: LicenseState["metadata"];
  readonly holders: { set(userId: string, at: string): unknown; delete(userId: string): unknown };
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
      return;
    case "LicenseAssigned":
      draft.holders.set(event.data.userId, event.data.at);
      draft.assignments += 1;
      return;
    case "LicenseReclaimed":
      draft.holders.delete(event.data.userId);
      draft.reclaims += 1;
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
 * Folds events into a pool: one {@link HoldersEditor} for the whole batch, so a command touching a few holders
 * copies only the holders' small overlays and a long replay copies the map once at most. A batch that changes
 * nothing returns `state` itself. Results are frozen, as immer's are. (No immer draft here: its per-write
 * bookkeeping made replays about 6x a plain loop, bench/replay.ts; `applyLicenseEvent` still takes immer drafts.)
 */
export const foldLicense = (state: LicenseState, events: Iterable<LicenseEvent>): LicenseState => {
  const current = state.holders instanceof Holders ? state.holders : Holders.from(state.holders);
  let editor: HoldersEditor | undefined;
  const draft: LicenseDraft = {
    purchased: state.purchased,
    deployment: state.deployment,
    assignments: state.assignments,
    reclaims: state.reclaims,
    metadata: state.metadata,
    get holders() {
      editor ??= current.edit();
      return editor;
    },
  };
  for (const event of events) applyLicenseEvent(draft, event);
  const unchanged =
    draft.purchased === state.purchased &&
    draft.deployment === state.deployment &&
    draft.assignments === state.assignments &&
    draft.reclaims === state.reclaims &&
    draft.metadata === state.metadata;
  if (!editor?.changed && unchanged) {
    return current === state.holders ? freeze(state) : freeze({ ...state, holders: current });
  }
  return freeze({
    purchased: draft.purchased,
    deployment: draft.deployment,
    holders: editor?.changed ? editor.done() : current,
    assignments: draft.assignments,
    reclaims: draft.reclaims,
    metadata: draft.metadata,
  });
};

/** Applies one event (the Decider's `evolve`). */
export const evolveLicense = (state: LicenseState, event: LicenseEvent): LicenseState =>
  foldLicense(state, [event]);
