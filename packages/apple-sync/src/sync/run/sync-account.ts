import type { Actor, CommandFailure } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { syncPurchasedCounts } from "./assets.js";
import { compareAssignments } from "./assignments.js";
import { secureOwnership } from "./ownership.js";
import { PoolHolders } from "./pool-holders.js";
import { recordFailure } from "./record-failure.js";
import { SyncRun, syncCommandId } from "./sync-run.js";
import type { SyncDeps, SyncOptions, SyncOutcome, SyncRequest } from "./types.js";
import { acceptAssociatedUsers } from "./users.js";

const defaultActor = (request: SyncRequest): Actor =>
  request.trigger === "manual" ? { kind: "admin" } : { kind: "schedule", id: "sync-scheduler" };

/**
 * Syncs one VPP account with Apple (R7): the ledger first agrees to start (`RequestSync` is refused, as a
 * `Left`, while the token is expired or revoked, another MDM holds the location, or another sync runs; then
 * nothing is asked of Apple). Then, in order: who holds the location (R6/R8: another MDM stops everything),
 * each app's purchased count (R11), users of ours who accepted the invitation (R15), and Apple's assignments
 * compared with the ledger's holders (drift is reported, not repaired). Foreign users and assignments are
 * counted, never imported (R9). Ids of Apple's outside the ledger's grammar never reach a command (R24): they
 * are skipped, counted (`rejected`, and in the report's drift or foreign counts) and told to `onWarning`.
 * Apple is read page by page, so memory stays flat however large the location; only the ledger's own state
 * is held.
 *
 * Every command id derives from `syncId`, so re-running a crashed sync with the same id never doubles an event,
 * and a sync that finds nothing new appends only its own `SyncStarted` and `SyncSucceeded`. A failure is
 * recorded as `SyncFailed` (after `TokenRevoked` or `LocationClaimedByOtherMdm` when Apple said so) and
 * returned as a `failed` outcome; a `Left` means the ledger refused or could not record.
 */
export const syncAccount = async (
  deps: SyncDeps,
  request: SyncRequest,
  options: SyncOptions = {},
): Promise<E.Either<CommandFailure, SyncOutcome>> => {
  const { tenantId, syncId, trigger, at } = request;
  const started = await deps.ledger.account(
    tenantId,
    { type: "RequestSync", data: { syncId, trigger, at } },
    {
      commandId: syncCommandId(syncId, "start"),
      actor: options.actor ?? defaultActor(request),
      correlationId: syncId,
    },
  );
  if (E.isLeft(started)) return started;
  const run = new SyncRun(
    deps,
    request,
    started.right.state,
    options.signal ? { signal: options.signal } : {},
  );
  try {
    await secureOwnership(run);
    const pools = new PoolHolders(async (adamId) => (await deps.ledger.loadLicense(tenantId, adamId)).state);
    const assets = await syncPurchasedCounts(run, pools);
    const users = await acceptAssociatedUsers(run);
    const assignments = await compareAssignments(run, pools);
    const { drift } = assignments;
    const rejected = { assets: assets.rejected, users: users.rejected, assignments: assignments.rejected };
    const report = {
      apps: assets.apps,
      users: users.ours,
      assignments: assignments.ours,
      ignoredForeignUsers: users.foreign,
      ignoredForeignAssignments: assignments.foreign,
      drift: drift.appleOnly + drift.ledgerOnly,
      changes: run.changes,
      rejectedIds: assets.rejected + users.rejected + assignments.rejected,
    };
    await run.account({ type: "CompleteSync", data: { syncId, report, at: deps.now() } }, "complete");
    return E.right({ status: "succeeded", syncId, report, drift, rejected });
  } catch (error) {
    const recorded = await recordFailure(run, error);
    return recorded.recorded ? E.right(recorded.outcome) : E.left(recorded.failure);
  }
};
