import type { EventPlace, LedgerEvent } from "@vpp-ledger/core";
import { type Projection, poolKey } from "./projection.js";

/** The first event that broke a license rule (R19). */
export interface AuditViolation {
  readonly rule: "R13" | "R16";
  readonly tenantId: string;
  readonly adamId: string;
  readonly userId: string;
  readonly place: EventPlace;
  readonly message: string;
}

/** The outcome of an audit over a whole history. */
export interface AuditReport {
  readonly eventsChecked: number;
  readonly pools: number;
  /** The first violation in log order, or null when every event kept R13 and R16. */
  readonly firstViolation: AuditViolation | null;
}

interface Pool {
  purchased: number;
  holders: Set<string>;
}

/**
 * Checks R13 (one license per user and app) and R16 (no assignment beyond the purchased count) at every event
 * and names the first event that breaks either (R19). Apple lowering its count is not a violation: only an
 * assignment made while no license was free is.
 */
export class LicenseAudit implements Projection {
  readonly name = "license-audit";
  readonly #pools = new Map<string, Pool>();
  #checked = 0;
  #first: AuditViolation | null = null;

  apply(ledgerEvent: LedgerEvent): void {
    this.#checked += 1;
    if (ledgerEvent.aggregate !== "License") return;
    const { tenantId, adamId, event, place } = ledgerEvent;
    const key = poolKey(tenantId, adamId);
    let pool = this.#pools.get(key);
    if (!pool) {
      pool = { purchased: 0, holders: new Set() };
      this.#pools.set(key, pool);
    }
    switch (event.type) {
      case "PurchasedCountSynced":
        pool.purchased = event.data.purchased;
        return;
      case "LicenseReclaimed":
        pool.holders.delete(event.data.userId);
        return;
      case "LicenseAssigned": {
        const { userId } = event.data;
        const violation = (rule: AuditViolation["rule"], message: string) => {
          this.#first ??= { rule, tenantId, adamId, userId, place, message };
        };
        if (pool.holders.has(userId)) {
          violation("R13", `user ${userId} was assigned a second license of app ${adamId}`);
        } else if (pool.holders.size >= pool.purchased) {
          violation(
            "R16",
            `assignment to ${userId} made ${pool.holders.size + 1} licenses of app ${adamId} assigned with ${pool.purchased} purchased`,
          );
        }
        pool.holders.add(userId);
        return;
      }
      default:
        return;
    }
  }

  /** The audit so far. */
  report(): AuditReport {
    return { eventsChecked: this.#checked, pools: this.#pools.size, firstViolation: this.#first };
  }
}
