import { type AssetRef, assetKey, type PricingParam } from "./assets.js";
import type { VersionClock } from "./versioning.js";
import { VersionedCollection } from "./versioning.js";

/** Who holds a license: a user (by clientUserId and internal row) or a device (by serial number). */
export type AssignmentTarget =
  | { readonly kind: "user"; readonly clientUserId: string; readonly userRowId: number }
  | { readonly kind: "device"; readonly serialNumber: string };

/** One license held by one target. v2 has no license ids: adamId + pricingParam + target identifies it. */
export interface AssignmentRecord {
  readonly adamId: string;
  readonly pricingParam: PricingParam;
  readonly target: AssignmentTarget;
  /** Version of the last write that changed it (creation, or its holder's retirement), for `sinceVersionId`. */
  changedAt: number;
}

const targetKey = (target: AssignmentTarget): string =>
  target.kind === "user" ? `u:${target.userRowId}` : `d:${target.serialNumber}`;
const key = (asset: AssetRef, target: AssignmentTarget): string => `${assetKey(asset)}|${targetKey(target)}`;

/** A license to remove: the asset and who holds it. */
export interface HeldLicense extends AssetRef {
  readonly target: AssignmentTarget;
}

const indexOf = (
  index: Map<string, Map<string, AssignmentRecord>>,
  name: string,
): Map<string, AssignmentRecord> => {
  let entries = index.get(name);
  if (entries === undefined) {
    entries = new Map();
    index.set(name, entries);
  }
  return entries;
};

/** The current assignments of a location, in creation order. */
export class AssignmentStore {
  private readonly byKey = new Map<string, AssignmentRecord>();
  // Indexes so counting one asset or one target's licenses does not scan every assignment.
  private readonly byAsset = new Map<string, Map<string, AssignmentRecord>>();
  private readonly byTarget = new Map<string, Map<string, AssignmentRecord>>();
  /** Versioned: `GET assignments` accepts `sinceVersionId`. */
  readonly collection: VersionedCollection;

  constructor(clock: VersionClock) {
    this.collection = new VersionedCollection(clock);
  }

  /** Whether the target already holds a license of this asset. */
  has(asset: AssetRef, target: AssignmentTarget): boolean {
    return this.byKey.has(key(asset, target));
  }

  /** Records new assignments in one write; targets that already hold the asset are skipped. */
  addAll(asset: AssetRef, targets: readonly AssignmentTarget[]): void {
    const { adamId, pricingParam } = asset;
    const fresh = targets.filter((target) => !this.has(asset, target));
    if (fresh.length === 0) return;
    const changedAt = this.collection.write();
    for (const target of fresh) {
      const record: AssignmentRecord = { adamId, pricingParam, target, changedAt };
      const recordKey = key(asset, target);
      this.byKey.set(recordKey, record);
      indexOf(this.byAsset, assetKey(asset)).set(recordKey, record);
      indexOf(this.byTarget, targetKey(target)).set(recordKey, record);
    }
  }

  /** Removes assignments in one write and returns those that existed. */
  removeAll(held: readonly HeldLicense[]): AssignmentRecord[] {
    const removed: AssignmentRecord[] = [];
    for (const license of held) {
      const { target } = license;
      const recordKey = key(license, target);
      const record = this.byKey.get(recordKey);
      if (record !== undefined) {
        this.byKey.delete(recordKey);
        this.byAsset.get(assetKey(license))?.delete(recordKey);
        this.byTarget.get(targetKey(target))?.delete(recordKey);
        removed.push(record);
      }
    }
    if (removed.length > 0) this.collection.write();
    return removed;
  }

  /** Marks assignments as changed (their holder's state moved) in one write. */
  touch(records: readonly AssignmentRecord[]): void {
    if (records.length === 0) return;
    const changedAt = this.collection.write();
    for (const record of records) record.changedAt = changedAt;
  }

  /** The assignments a target holds. */
  heldBy(target: AssignmentTarget): AssignmentRecord[] {
    return [...(this.byTarget.get(targetKey(target))?.values() ?? [])];
  }

  /** The assignments of one asset. */
  ofAsset(asset: AssetRef): AssignmentRecord[] {
    return [...(this.byAsset.get(assetKey(asset))?.values() ?? [])];
  }

  /** Every assignment in creation order. */
  list(): AssignmentRecord[] {
    return [...this.byKey.values()];
  }
}
