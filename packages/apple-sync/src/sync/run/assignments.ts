import type { PoolHolders } from "./pool-holders.js";
import type { SyncRun } from "./sync-run.js";
import type { Drift } from "./types.js";

/** What the assignments step saw. */
export interface AssignmentsSeen {
  /** Apple assignments of our users. */
  readonly ours: number;
  /** Apple assignments of users (or devices) this product did not issue (R9). */
  readonly foreign: number;
  readonly drift: Drift;
}

/**
 * Compares Apple's assignments of our users with the ledger's license holders and counts the differences both
 * ways. Nothing is imported or reclaimed: a license only the ledger holds may be an association still on its
 * way to Apple, and one only Apple lists was made outside this product; an admin reviews the report.
 * Device assignments are not issued by this product (R10) and count as foreign.
 */
export const compareAssignments = async (run: SyncRun, pools: PoolHolders): Promise<AssignmentsSeen> => {
  let ours = 0;
  let foreign = 0;
  let appleOnly = 0;
  for await (const page of run.deps.client.assignments(undefined, run.callOptions)) {
    if (page.restarted) {
      ours = 0;
      foreign = 0;
      appleOnly = 0;
      pools.resetMatches();
    }
    for (const assignment of page.items) {
      const userId = assignment.clientUserId;
      if (userId === undefined || !run.accountState.users.has(userId)) {
        foreign++;
        continue;
      }
      ours++;
      if (!(await pools.holds(assignment.adamId, userId))) appleOnly++;
    }
  }
  return { ours, foreign, drift: { appleOnly, ledgerOnly: pools.unmatched } };
};
