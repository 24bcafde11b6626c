import type { ResponseAsset } from "../../client/codecs/assets.js";
import type { PoolHolders } from "./pool-holders.js";
import { isAppleAdamId, RejectedIds } from "./rejected-ids.js";
import type { SyncRun } from "./sync-run.js";

/** Apple's `totalCount` of a free app: unlimited. Kept as is in the pool (R11 shows it; R16 never binds). */
export const UNLIMITED_COUNT = 2_147_483_647;

const addCounts = (a: number, b: number): number =>
  a === UNLIMITED_COUNT || b === UNLIMITED_COUNT ? UNLIMITED_COUNT : Math.min(UNLIMITED_COUNT, a + b);

/** Books are assets too, but licenses of this ledger are apps installed on devices (R10–R12). */
const isApp = (asset: ResponseAsset): boolean =>
  asset.productType === undefined || asset.productType !== "Book";

/** What the assets step saw. */
export interface AssetsSeen {
  /** Apps whose purchased count was recorded. */
  readonly apps: number;
  /** App records skipped because their adamId follows no grammar of the ledger (R24). */
  readonly rejected: number;
}

/**
 * R11: reads Apple's assets page by page and records each app's purchased count in its pool. The counts of
 * one app bought under several pricing params (STDQ and PLUS) add up, so one pool per app gets one number;
 * they are applied once the walk is complete, so a walk that restarts (Apple's data moved) never applies a
 * half-read count. Holds one number per app, never the pages. An adamId outside its grammar (`"12:34"`, 300
 * digits, `" 42"`) never names a pool (R24): the record is counted as rejected and reported to `onWarning`.
 */
export const syncPurchasedCounts = async (run: SyncRun, pools: PoolHolders): Promise<AssetsSeen> => {
  let totals = new Map<string, number>();
  const rejected = new RejectedIds(run, "assets");
  for await (const page of run.deps.client.assets(undefined, run.callOptions)) {
    if (page.restarted) {
      totals = new Map();
      rejected.reset();
    }
    for (const asset of page.items) {
      if (!isApp(asset)) continue;
      if (!isAppleAdamId(asset.adamId)) {
        rejected.add("adamId");
        continue;
      }
      const known = totals.get(asset.adamId);
      totals.set(asset.adamId, known === undefined ? asset.totalCount : addCounts(known, asset.totalCount));
    }
  }
  rejected.report();
  for (const [adamId, purchased] of totals) {
    // The count is part of the id: a re-run that finds a new count decides again instead of reusing the old.
    const { state } = await run.license(
      adamId,
      { type: "SyncPurchasedCount", data: { purchased, at: run.deps.now() } },
      `purchased:${adamId}:${purchased}`,
    );
    pools.remember(adamId, state);
  }
  return { apps: totals.size, rejected: rejected.total };
};
