import type { PoolHolders } from "./pool-holders.js";
import { isAppleAdamId, isAppleUserId, RejectedIds } from "./rejected-ids.js";
import type { SyncRun } from "./sync-run.js";
import type { Drift } from "./types.js";

/** What the assignments step saw. */
export interface AssignmentsSeen {
  /** Apple assignments of our users. */
  readonly ours: number;
  /** Apple assignments of users (or devices) this product did not issue (R9). */
  readonly foreign: number;
  /**
   * Assignments skipped for an id outside the ledger's grammar (R24): a clientUserId (also counted foreign:
   * it cannot be ours) or, for one of our users, an adamId (also counted as `appleOnly` drift: Apple holds
   * a license the ledger cannot represent).
   */
  readonly rejected: number;
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
  const rejected = new RejectedIds(run, "assignments");
  for await (const page of run.deps.client.assignments(undefined, run.callOptions)) {
    if (page.restarted) {
      ours = 0;
      foreign = 0;
      appleOnly = 0;
      rejected.reset();
      pools.resetMatches();
    }
    for (const assignment of page.items) {
      const userId = assignment.clientUserId;
      if (userId !== undefined && !isAppleUserId(userId)) rejected.add("clientUserId");
      if (userId === undefined || !isAppleUserId(userId) || !run.accountState.users.has(userId)) {
        foreign++;
        continue;
      }
      // R24: never load or name a pool from an adamId outside its grammar.
      if (!isAppleAdamId(assignment.adamId)) {
        rejected.add("adamId");
        appleOnly++;
        continue;
      }
      ours++;
      if (!(await pools.holds(assignment.adamId, userId))) appleOnly++;
    }
  }
  rejected.report();
  return { ours, foreign, rejected: rejected.total, drift: { appleOnly, ledgerOnly: pools.unmatched } };
};
