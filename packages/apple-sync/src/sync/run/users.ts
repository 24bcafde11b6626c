import type { UsersPage } from "../../client/endpoints/reads.js";
import { isAppleUserId, RejectedIds } from "./rejected-ids.js";
import { sinceOrRefused } from "./since.js";
import type { SyncRun } from "./sync-run.js";

/** What the users step saw. */
export interface UsersSeen {
  /** Active Apple users whose clientUserId this product issued (in an incremental read: that changed). */
  readonly ours: number;
  /** Active Apple users created by someone else (R9): counted, never imported. */
  readonly foreign: number;
  /** Of the foreign ones, those whose clientUserId follows no grammar of the ledger (R24): never ours. */
  readonly rejected: number;
  /** The read's version (its first page's), for the next incremental read. */
  readonly versionId: string | undefined;
}

/**
 * R15, R9: reads Apple's active users page by page, all of them or (`since`) only those changed after that
 * version. A user of ours that Apple shows `Associated` (an Apple Account accepted the invitation) while the
 * ledger still has them invited gets `AcceptTerms`. Users this product did not issue, or with no
 * `clientUserId` at all, are only counted, those whose id follows no grammar of the ledger also as rejected.
 * A page Apple repeats while its data changes is counted once per user. Throws `VersionRefused` when Apple
 * refuses `since`.
 */
export const acceptAssociatedUsers = async (run: SyncRun, since?: string): Promise<UsersSeen> => {
  const ours = new Set<string>();
  let foreign = 0;
  let versionId: string | undefined;
  const rejected = new RejectedIds(run, "users");
  const query = since === undefined ? { activeOnly: true } : { activeOnly: true, sinceVersionId: since };
  const pages: AsyncIterable<UsersPage> = sinceOrRefused(run.deps.client.users(query, run.callOptions));
  for await (const page of pages) {
    versionId = page.versionId;
    for (const user of page.items) {
      const userId = user.clientUserId;
      // R24: we issue clientUserIds of the grammar only, so any other id is someone else's (R9).
      if (userId !== undefined && !isAppleUserId(userId)) rejected.add("clientUserId");
      const terms =
        userId === undefined || !isAppleUserId(userId) ? undefined : run.accountState.users.get(userId);
      if (userId === undefined || terms === undefined) {
        foreign++;
        continue;
      }
      if (ours.has(userId)) continue;
      ours.add(userId);
      if (terms === "invited" && user.status === "Associated") {
        await run.account({ type: "AcceptTerms", data: { userId, at: run.deps.now() } }, `terms:${userId}`);
      }
    }
  }
  rejected.report();
  return { ours: ours.size, foreign, rejected: rejected.total, versionId };
};
