import type { AssignmentsPage } from "../../client/endpoints/reads.js";
import type { PoolHolders } from "./pool-holders.js";
import { isAppleAdamId, isAppleUserId, RejectedIds } from "./rejected-ids.js";
import { sinceOrRefused } from "./since.js";
import type { SyncRun } from "./sync-run.js";

/** What the assignments step saw. */
export interface AssignmentsSeen {
  /** Apple assignments of our users (in an incremental read: that changed). */
  readonly ours: number;
  /** Apple assignments of users (or devices) this product did not issue (R9). */
  readonly foreign: number;
  /**
   * Assignments skipped for an id outside the ledger's grammar (R24): a clientUserId (also counted foreign:
   * it cannot be ours) or, for one of our users, an adamId (also counted as `appleOnly` drift: Apple holds
   * a license the ledger cannot represent).
   */
  readonly rejected: number;
  /** Apple lists an assignment of one of our users that no pool of the ledger holds. */
  readonly appleOnly: number;
  /** A pool holds a license Apple does not list: known after a full read only. */
  readonly ledgerOnly: number | undefined;
  /** The read's version (its first page's), for the next incremental read. */
  readonly versionId: string | undefined;
}

/**
 * Compares Apple's assignments of our users with the ledger's license holders and counts the differences: all
 * of them, or (`since`) only those changed after that version, which finds Apple-only licenses but cannot
 * find the ledger's licenses Apple no longer lists (`ledgerOnly` undefined). Nothing is imported or reclaimed:
 * a license only the ledger holds may be an association still on its way to Apple, and one only Apple lists
 * was made outside this product; an admin reviews the report. Device assignments are not issued by this
 * product (R10) and count as foreign, as does an assignment naming no user. An assignment Apple repeats
 * while its data changes under the walk is counted once. Throws `VersionRefused` when Apple refuses `since`.
 */
export const compareAssignments = async (
  run: SyncRun,
  pools: PoolHolders,
  since?: string,
): Promise<AssignmentsSeen> => {
  const seen = new Set<string>();
  let foreign = 0;
  let appleOnly = 0;
  let versionId: string | undefined;
  const rejected = new RejectedIds(run, "assignments");
  const query = since === undefined ? undefined : { sinceVersionId: since };
  const pages: AsyncIterable<AssignmentsPage> = sinceOrRefused(
    run.deps.client.assignments(query, run.callOptions),
  );
  for await (const page of pages) {
    versionId = page.versionId;
    for (const assignment of page.items) {
      const userId = assignment.clientUserId;
      if (userId !== undefined && !isAppleUserId(userId)) rejected.add("clientUserId");
      if (userId === undefined || !isAppleUserId(userId) || !run.accountState.users.has(userId)) {
        foreign++;
        continue;
      }
      const adamId = assignment.adamId;
      // R24: never load or name a pool from an adamId outside its grammar (or none at all).
      if (adamId === undefined || !isAppleAdamId(adamId)) {
        rejected.add("adamId");
        appleOnly++;
        continue;
      }
      const key = `${adamId}/${userId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      if (!(await pools.holds(adamId, userId))) appleOnly++;
    }
  }
  rejected.report();
  return {
    ours: seen.size,
    foreign,
    rejected: rejected.total,
    appleOnly,
    ledgerOnly: since === undefined ? pools.unmatched : undefined,
    versionId,
  };
};
