import { SimulatorSetupError } from "./setup-error.js";
import type { VersionClock } from "./versioning.js";
import { VersionedCollection } from "./versioning.js";

/** Apple's pricing parameter: standard quality or high quality (books and some apps). */
export type PricingParam = "STDQ" | "PLUS";
/** Apple's product types. */
export type ProductType = "App" | "Book";

/** Apple's `totalCount` for free apps, which are unlimited. */
export const UNLIMITED_COUNT = 2147483647;

/** What a test passes to `addAsset`. */
export interface AssetSpec {
  readonly adamId: string;
  readonly totalCount?: number;
  readonly pricingParam?: PricingParam;
  readonly deviceAssignable?: boolean;
  readonly revocable?: boolean;
  readonly productType?: ProductType;
  /** Free apps are unlimited: `totalCount` becomes 2147483647. */
  readonly free?: boolean;
  readonly supportedPlatforms?: readonly string[];
}

/** What names an asset at Apple: the adamId and the pricing it was bought under. */
export interface AssetRef {
  readonly adamId: string;
  readonly pricingParam: PricingParam;
}

/** The internal key of an asset (adamId, pricingParam). */
export const assetKey = (asset: AssetRef): string => `${asset.adamId}|${asset.pricingParam}`;

/** One owned asset. Counts other than `totalCount` derive from the assignments. */
export interface AssetRecord {
  readonly adamId: string;
  readonly pricingParam: PricingParam;
  readonly productType: ProductType;
  readonly deviceAssignable: boolean;
  readonly revocable: boolean;
  /** Unlimited (a free app); changes with `setUnlimited`. */
  free: boolean;
  readonly supportedPlatforms: readonly string[];
  totalCount: number;
}

const checkCount = (adamId: string, totalCount: number): void => {
  if (!Number.isInteger(totalCount) || totalCount < 0) {
    throw new SimulatorSetupError(
      "SIM_INVALID_COUNT",
      `totalCount of asset ${adamId} must be an integer >= 0, got ${totalCount}.`,
    );
  }
};

/**
 * The assets a location owns, in purchase order, keyed as Apple keys them: by (adamId, pricingParam), so one
 * app or book can be owned under STDQ and PLUS at once.
 */
export class AssetStore {
  private readonly byKey = new Map<string, AssetRecord>();
  /** Versioned because counts change with every association. */
  readonly collection: VersionedCollection;

  constructor(clock: VersionClock) {
    this.collection = new VersionedCollection(clock);
  }

  /** Adds a purchased asset. Books default to not device-assignable and not revocable, as at Apple. */
  add(spec: AssetSpec): AssetRecord {
    if (typeof spec.adamId !== "string" || spec.adamId === "") {
      throw new SimulatorSetupError("SIM_INVALID_ASSET", "adamId must be a non-empty string.");
    }
    const pricingParam = spec.pricingParam ?? "STDQ";
    if (this.byKey.has(assetKey({ adamId: spec.adamId, pricingParam }))) {
      throw new SimulatorSetupError(
        "SIM_DUPLICATE_ASSET",
        `Asset ${spec.adamId} (${pricingParam}) already exists.`,
      );
    }
    const productType = spec.productType ?? "App";
    const free = spec.free ?? false;
    const totalCount = free ? UNLIMITED_COUNT : (spec.totalCount ?? 0);
    checkCount(spec.adamId, totalCount);
    const record: AssetRecord = {
      adamId: spec.adamId,
      pricingParam,
      productType,
      deviceAssignable: spec.deviceAssignable ?? productType === "App",
      revocable: spec.revocable ?? productType === "App",
      free,
      supportedPlatforms: spec.supportedPlatforms ?? (productType === "App" ? ["iOS", "macOS"] : ["iOS"]),
      totalCount,
    };
    this.byKey.set(assetKey(record), record);
    this.collection.write();
    return record;
  }

  /**
   * The asset, or undefined when the location does not own it. Without a pricingParam: the STDQ one if owned
   * (Apple's default), else the PLUS one.
   */
  get(adamId: string, pricingParam?: PricingParam): AssetRecord | undefined {
    if (pricingParam !== undefined) return this.byKey.get(assetKey({ adamId, pricingParam }));
    return this.byKey.get(assetKey({ adamId, pricingParam: "STDQ" })) ?? this.byKey.get(`${adamId}|PLUS`);
  }

  /** The asset, or a setup error naming the unknown adamId. */
  require(adamId: string, pricingParam?: PricingParam): AssetRecord {
    const asset = this.get(adamId, pricingParam);
    if (asset === undefined) {
      const which = pricingParam === undefined ? "" : ` (${pricingParam})`;
      throw new SimulatorSetupError("SIM_UNKNOWN_ASSET", `The location owns no asset ${adamId}${which}.`);
    }
    return asset;
  }

  /** Sets the purchased count (purchase, refund, transfer) and returns the delta. */
  setTotalCount(adamId: string, totalCount: number, pricingParam?: PricingParam): number {
    const asset = this.require(adamId, pricingParam);
    checkCount(adamId, totalCount);
    const delta = totalCount - asset.totalCount;
    asset.totalCount = totalCount;
    this.collection.write();
    return delta;
  }

  /**
   * Makes an asset unlimited (a free app, `totalCount` 2147483647) or limited again with `totalCount` licenses.
   * Returns whether anything changed.
   */
  setUnlimited(adamId: string, unlimited: boolean, totalCount = 0, pricingParam?: PricingParam): boolean {
    const asset = this.require(adamId, pricingParam);
    if (asset.free === unlimited) return false;
    const count = unlimited ? UNLIMITED_COUNT : totalCount;
    checkCount(adamId, count);
    asset.free = unlimited;
    asset.totalCount = count;
    this.collection.write();
    return true;
  }

  /** Every asset in purchase order. */
  list(): readonly AssetRecord[] {
    return [...this.byKey.values()];
  }
}
