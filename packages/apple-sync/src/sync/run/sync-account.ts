import type { Actor, CommandFailure } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { syncPurchasedCounts } from "./assets.js";
import { assertSameLocation } from "./location.js";
import { secureOwnership } from "./ownership.js";
import { PoolHolders } from "./pool-holders.js";
import { readUsersAndAssignments } from "./reads.js";
import { recordFailure } from "./record-failure.js";
import { SyncRun, syncCommandId } from "./sync-run.js";
import type { SyncDeps, SyncOptions, SyncOutcome, SyncRequest } from "./types.js";

const defaultActor = (request: SyncRequest): Actor =>
  request.trigger === "manual" ? { kind: "admin" } : { kind: "schedule", id: "sync-scheduler" };

/**
 * Syncs one VPP account with Apple (R7): the ledger first agrees to start (`RequestSync` is refused, as a
 * `Left`, while the token is expired or revoked, another MDM holds the location, or another sync runs; then
 * nothing is asked of Apple). Then, in order: who holds the location (R6/R8: another MDM stops everything),
 * each app's purchased count and metadata (R11; pools follow one pricingParam of an app), users of ours who
 * accepted the invitation (R15), and Apple's assignments compared with the ledger's holders, in full or since
 * the account's cursor (`deps.cursors`). A device assignment is ours when the host registered its serial
 * number on the account: one only Apple lists is imported into its device-licensed pool (R9, asking nothing
 * of Apple), unless the device was retired or the pool refuses it; other drift is reported, not repaired.
 * Foreign users and assignments are counted, never imported (R9). Ids of Apple's outside the ledger's grammar never reach a
 * command (R24): they are skipped, counted and told to `onWarning`. Apple is read page by page, so memory
 * stays flat however large the location; only the ledger's own state is held.
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
    const location = await secureOwnership(run);
    const stored = deps.cursors ? await deps.cursors.load(tenantId) : undefined;
    assertSameLocation(stored?.locationUId, location.uId);
    const pools = new PoolHolders(async (adamId) => (await deps.ledger.loadLicense(tenantId, adamId)).state);
    const assets = await syncPurchasedCounts(run, pools);
    const known = deps.knownApps ? [...(await deps.knownApps(tenantId))] : [];
    const vanished = known.filter((adamId) => !assets.pools.has(adamId));
    // Their holders are licenses Apple no longer lists: a full read counts them as the ledger's only.
    for (const adamId of vanished) await pools.state(adamId);
    const { users, assignments, reads, cursor } = await readUsersAndAssignments(
      run,
      pools,
      assets.pools,
      stored,
    );
    let otherPricingLicenses = 0;
    for (const { others } of assets.pools.values())
      for (const other of others) otherPricingLicenses += other.purchased;
    const drift = {
      appleOnly: assignments.appleOnly,
      ledgerOnly: assignments.ledgerOnly ?? 0,
      appleOnlyDevices: assignments.appleOnlyDevices,
      ledgerOnlyDevices: assignments.ledgerOnlyDevices ?? 0,
      importedDevices: assignments.importedDevices,
      vanishedApps: vanished.length,
      otherPricingLicenses,
    };
    const rejected = { assets: assets.rejected, users: users.rejected, assignments: assignments.rejected };
    const report = {
      apps: assets.apps,
      users: users.ours,
      assignments: assignments.ours,
      ignoredForeignUsers: users.foreign,
      ignoredForeignAssignments: assignments.foreign,
      drift:
        drift.appleOnly +
        drift.ledgerOnly +
        drift.appleOnlyDevices +
        drift.ledgerOnlyDevices +
        drift.vanishedApps,
      changes: run.changes,
      rejectedIds: assets.rejected + users.rejected + assignments.rejected,
      importedDevices: assignments.importedDevices,
    };
    await run.account({ type: "CompleteSync", data: { syncId, report, at: deps.now() } }, "complete");
    if (cursor && deps.cursors) {
      // Best effort: a cursor not saved leaves the previous one, from which the next read finds more, not less.
      const saved = location.uId === undefined ? cursor : { ...cursor, locationUId: location.uId };
      await deps.cursors.save(tenantId, saved).catch(() => undefined);
    }
    return E.right({ status: "succeeded", syncId, report, drift, rejected, reads });
  } catch (error) {
    const recorded = await recordFailure(run, error);
    return recorded.recorded ? E.right(recorded.outcome) : E.left(recorded.failure);
  }
};
