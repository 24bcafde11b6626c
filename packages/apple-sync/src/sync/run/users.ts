import { isAppleUserId, RejectedIds } from "./rejected-ids.js";
import type { SyncRun } from "./sync-run.js";

/** What the users step saw. */
export interface UsersSeen {
  /** Active Apple users whose clientUserId this product issued. */
  readonly ours: number;
  /** Active Apple users created by someone else (R9): counted, never imported. */
  readonly foreign: number;
  /** Of the foreign ones, those whose clientUserId follows no grammar of the ledger (R24): never ours. */
  readonly rejected: number;
}

/**
 * R15, R9: reads Apple's active users page by page. A user of ours that Apple shows `Associated` (an Apple
 * Account accepted the invitation) while the ledger still has them invited gets `AcceptTerms`. Users this
 * product did not issue are only counted, those whose id follows no grammar of the ledger also as rejected.
 */
export const acceptAssociatedUsers = async (run: SyncRun): Promise<UsersSeen> => {
  let ours = 0;
  let foreign = 0;
  const rejected = new RejectedIds(run, "users");
  for await (const page of run.deps.client.users({ activeOnly: true }, run.callOptions)) {
    if (page.restarted) {
      ours = 0;
      foreign = 0;
      rejected.reset();
    }
    for (const user of page.items) {
      // R24: we issue clientUserIds of the grammar only, so any other id is someone else's (R9).
      if (!isAppleUserId(user.clientUserId)) {
        foreign++;
        rejected.add("clientUserId");
        continue;
      }
      const terms = run.accountState.users.get(user.clientUserId);
      if (terms === undefined) {
        foreign++;
        continue;
      }
      ours++;
      if (terms === "invited" && user.status === "Associated") {
        await run.account(
          { type: "AcceptTerms", data: { userId: user.clientUserId, at: run.deps.now() } },
          `terms:${user.clientUserId}`,
        );
      }
    }
  }
  rejected.report();
  return { ours, foreign, rejected: rejected.total };
};
