import { type EventPlace, type LedgerEvent, toMillis } from "@vpp-ledger/core";
import { type Projection, poolKey } from "./projection.js";

/** One period during which a user held a license of an app (R18). */
export interface Holding {
  readonly tenantId: string;
  readonly adamId: string;
  readonly userId: string;
  readonly from: string;
  /** Null while the license is still held. */
  readonly until: string | null;
  readonly assignedBy: EventPlace;
  readonly reclaimedBy: EventPlace | null;
  readonly reclaimReason: string | null;
}

type MutableHolding = { -readonly [K in keyof Holding]: Holding[K] };

/** Who held which license of which app, and when (R18): every holding with the events that opened and closed it. */
export class LicenseHistory implements Projection {
  readonly name = "license-history";
  readonly #byPool = new Map<string, MutableHolding[]>();
  readonly #open = new Map<string, MutableHolding>();

  apply(ledgerEvent: LedgerEvent): void {
    if (ledgerEvent.aggregate !== "License") return;
    const { tenantId, adamId, event, place } = ledgerEvent;
    const pool = poolKey(tenantId, adamId);
    if (event.type === "LicenseAssigned") {
      const holding: MutableHolding = {
        tenantId,
        adamId,
        userId: event.data.userId,
        from: event.data.at,
        until: null,
        assignedBy: place,
        reclaimedBy: null,
        reclaimReason: null,
      };
      const list = this.#byPool.get(pool) ?? [];
      list.push(holding);
      this.#byPool.set(pool, list);
      this.#open.set(`${pool}:${event.data.userId}`, holding);
    } else if (event.type === "LicenseReclaimed") {
      const key = `${pool}:${event.data.userId}`;
      const holding = this.#open.get(key);
      if (!holding) return;
      Object.assign(holding, { until: event.data.at, reclaimedBy: place, reclaimReason: event.data.reason });
      this.#open.delete(key);
    }
  }

  /** Users holding a license of the app at instant `at` (holdings are half-open: [from, until)). */
  holdersAt(tenantId: string, adamId: string, at: string): string[] {
    const t = toMillis(at);
    return (this.#byPool.get(poolKey(tenantId, adamId)) ?? [])
      .filter((h) => toMillis(h.from) <= t && (h.until === null || t < toMillis(h.until)))
      .map((h) => h.userId)
      .sort();
  }

  /** Every holding of an app, in the order they began. */
  holdings(tenantId: string, adamId: string): Holding[] {
    return [...(this.#byPool.get(poolKey(tenantId, adamId)) ?? [])];
  }

  /** Every holding of one user across a tenant's apps. */
  holdingsOf(tenantId: string, userId: string): Holding[] {
    return [...this.#byPool.values()].flat().filter((h) => h.tenantId === tenantId && h.userId === userId);
  }
}
