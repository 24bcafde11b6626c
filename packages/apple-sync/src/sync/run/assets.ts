import type { ResponseAsset } from "../../client/codecs/assets.js";
import {
  type AppleAsset,
  assetKey,
  choosePoolAsset,
  countedAsset,
  type PoolChoice,
  unlimitedAsset,
} from "./asset-keys.js";
import type { PoolHolders } from "./pool-holders.js";
import { isAppleAdamId, RejectedIds } from "./rejected-ids.js";
import type { SyncRun } from "./sync-run.js";

export { UNLIMITED_COUNT } from "./asset-keys.js";

const ENDPOINT = "GET assets";

/** Books are assets too, but licenses of this ledger are apps installed on devices (R10–R12). */
const isApp = (asset: { readonly productType?: string }): boolean => asset.productType !== "Book";

/** What the assets step saw. */
export interface AssetsSeen {
  /** Apps whose purchased count was recorded. */
  readonly apps: number;
  /** App records skipped because their adamId follows no grammar of the ledger (R24). */
  readonly rejected: number;
  /** Every app Apple listed, by adamId, with the asset its pool follows (for the assignments step). */
  readonly pools: ReadonlyMap<string, PoolChoice>;
}

/**
 * R11: reads Apple's assets page by page (`unlimited=true`, so free apps come as unlimited assets) and records
 * each app's purchased count in its pool with the asset's `pricingParam`, `supportedPlatforms` and
 * `deviceAssignable`. Apple keys assets by (adamId, pricingParam): a pool follows one of them (see
 * {@link choosePoolAsset}); STDQ and PLUS are never summed. Assets are keyed as read, so a page Apple repeats
 * while its data changes under the walk changes nothing; counts are applied once the walk is complete. An
 * adamId outside its grammar never names a pool (R24): counted as rejected and reported to `onWarning`.
 */
export const syncPurchasedCounts = async (run: SyncRun, pools: PoolHolders): Promise<AssetsSeen> => {
  const byKey = new Map<string, AppleAsset>();
  const rejected = new RejectedIds(run, "assets");
  const take = (asset: AppleAsset) => {
    if (!isAppleAdamId(asset.adamId)) rejected.add("adamId");
    else byKey.set(assetKey(asset), asset);
  };
  for await (const page of run.deps.client.assets({ unlimited: true }, run.callOptions)) {
    for (const asset of page.items as ReadonlyArray<ResponseAsset>) {
      if (isApp(asset)) take(countedAsset(asset, ENDPOINT));
    }
    for (const asset of page.response.unlimitedAssets ?? []) {
      if (isApp(asset)) take(unlimitedAsset(asset, ENDPOINT));
    }
  }
  rejected.report();
  const byApp = new Map<string, AppleAsset[]>();
  for (const asset of byKey.values()) byApp.set(asset.adamId, [...(byApp.get(asset.adamId) ?? []), asset]);
  const chosen = new Map<string, PoolChoice>();
  for (const [adamId, assets] of byApp) {
    // Only an app bought under two pricingParams needs the pool's own word on which it follows.
    const current = assets.length > 1 ? (await pools.state(adamId)).metadata.pricingParam : undefined;
    const choice = choosePoolAsset(assets, current);
    chosen.set(adamId, choice);
    const { purchased, pricingParam, supportedPlatforms, deviceAssignable } = choice.chosen;
    const metadata = {
      ...(pricingParam === undefined ? {} : { pricingParam }),
      ...(supportedPlatforms === undefined ? {} : { supportedPlatforms }),
      ...(deviceAssignable === undefined ? {} : { deviceAssignable }),
    };
    // The count and metadata are part of the id: a re-run that finds new values decides again.
    const described = [pricingParam ?? "-", supportedPlatforms?.join("+") ?? "-", deviceAssignable ?? "-"];
    const { state } = await run.license(
      adamId,
      { type: "SyncPurchasedCount", data: { purchased, at: run.deps.now(), ...metadata } },
      `purchased:${adamId}:${purchased}:${described.join(":")}`,
    );
    pools.remember(adamId, state);
  }
  return { apps: chosen.size, rejected: rejected.total, pools: chosen };
};
