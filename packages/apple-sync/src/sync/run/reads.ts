import { assignedLicenses } from "@vpp-ledger/core";
import type { PoolChoice } from "./asset-keys.js";
import { type AssignmentsSeen, compareAssignments } from "./assignments.js";
import { DEFAULT_FULL_SYNC_EVERY_MS, planReads, type SyncCursor } from "./cursor.js";
import type { PoolHolders } from "./pool-holders.js";
import { VersionRefused } from "./since.js";
import type { SyncRun } from "./sync-run.js";
import type { SyncReads } from "./types.js";
import { acceptAssociatedUsers, type UsersSeen } from "./users.js";

/** What the users and assignments steps saw, how they read, and the cursor to save once the sync is recorded. */
export interface ReadsSeen {
  readonly users: UsersSeen;
  readonly assignments: AssignmentsSeen;
  readonly reads: SyncReads;
  /** Undefined when the sync has no cursor store. */
  readonly cursor: SyncCursor | undefined;
}

/** Whether Apple counts fewer assignments of an app than its pool has holders (users and devices, R16): they disagree. */
const countsDisagree = async (
  pools: PoolHolders,
  apps: ReadonlyMap<string, PoolChoice>,
): Promise<boolean> => {
  for (const [adamId, { chosen }] of apps) {
    if (chosen.assigned !== undefined && chosen.assigned < assignedLicenses(await pools.state(adamId)))
      return true;
  }
  return false;
};

/**
 * Reads users (R15) and assignments (drift) incrementally from the account's cursor when it can, else in full
 * (see `planReads`). Apple refusing the cursor's version (9721) turns the read into a full one, once.
 */
export const readUsersAndAssignments = async (
  run: SyncRun,
  pools: PoolHolders,
  apps: ReadonlyMap<string, PoolChoice>,
  stored: SyncCursor | undefined,
): Promise<ReadsSeen> => {
  const { cursors, fullSyncEveryMs } = run.deps;
  const now = run.deps.now();
  const plan = planReads({
    cursor: stored,
    now,
    fullEveryMs: fullSyncEveryMs ?? DEFAULT_FULL_SYNC_EVERY_MS,
    countsDisagree: stored === undefined ? false : await countsDisagree(pools, apps),
  });
  if (plan.mode === "incremental") {
    try {
      const users = await acceptAssociatedUsers(run, plan.usersSince);
      const assignments = await compareAssignments(run, pools, plan.assignmentsSince);
      const cursor = {
        ...stored,
        usersVersionId: users.versionId ?? plan.usersSince,
        assignmentsVersionId: assignments.versionId ?? plan.assignmentsSince,
      };
      return { users, assignments, reads: { mode: "incremental" }, cursor: cursors ? cursor : undefined };
    } catch (error) {
      if (!(error instanceof VersionRefused)) throw error;
      return full(run, pools, "version-refused", now, stored);
    }
  }
  return full(run, pools, plan.reason, now, stored);
};

const full = async (
  run: SyncRun,
  pools: PoolHolders,
  reason: Extract<SyncReads, { mode: "full" }>["reason"],
  now: string,
  stored: SyncCursor | undefined,
): Promise<ReadsSeen> => {
  const users = await acceptAssociatedUsers(run);
  const assignments = await compareAssignments(run, pools);
  const location = stored?.locationUId === undefined ? {} : { locationUId: stored.locationUId };
  const cursor =
    users.versionId === undefined || assignments.versionId === undefined
      ? location
      : {
          ...location,
          usersVersionId: users.versionId,
          assignmentsVersionId: assignments.versionId,
          fullAt: now,
        };
  return {
    users,
    assignments,
    reads: { mode: "full", reason },
    cursor: run.deps.cursors ? cursor : undefined,
  };
};
