import type { EventPlace, LedgerEvent } from "@vpp-ledger/core";
import { type Projection, poolKey } from "./projection.js";

/** The first event that broke a license rule (R19). */
export interface AuditViolation {
  readonly rule: "R13" | "R16";
  readonly tenantId: string;
  readonly adamId: string;
  /** The user, or for a device license the device's serial number (see `holderKind`). */
  readonly userId: string;
  readonly holderKind: "user" | "device";
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
  devices: Set<string>;
}

/**
 * Checks R13 (one license per user and app, and per device and app) and R16 (users and devices together) (no assignment beyond the purchased count) at every event
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
    const { tenantId, adamId, event } = ledgerEvent;
    const key = poolKey(tenantId, adamId);
    let pool = this.#pools.get(key);
    if (!pool) {
      pool = { purchased: 0, holders: new Set(), devices: new Set() };
      this.#pools.set(key, pool);
    }
    switch (event.type) {
      case "PurchasedCountSynced":
        pool.purchased = event.data.purchased;
        return;
      case "LicenseReclaimed":
        pool.holders.delete(event.data.userId);
        return;
      case "DeviceLicenseReclaimed":
        pool.devices.delete(event.data.serialNumber);
        return;
      case "LicensesRevoked":
        for (const userId of event.data.userIds) pool.holders.delete(userId);
        for (const serialNumber of event.data.serialNumbers) pool.devices.delete(serialNumber);
        return;
      case "LicenseAssigned":
        this.#grant(pool, event.data.userId, "user", ledgerEvent);
        return;
      case "DeviceLicenseAssigned":
      case "DeviceLicenseImported":
        // An import is audited as an assignment: it too must fit the purchased count (R16).
        this.#grant(pool, event.data.serialNumber, "device", ledgerEvent);
        return;
      case "LicenseMovedToDevice":
        // A move frees the user's license as it grants the device's: the count is unchanged (R21).
        this.#grant(
          pool,
          event.data.serialNumber,
          "device",
          ledgerEvent,
          pool.holders.delete(event.data.userId),
        );
        return;
      default:
        return;
    }
  }

  #grant(
    pool: Pool,
    id: string,
    holderKind: AuditViolation["holderKind"],
    ledgerEvent: Extract<LedgerEvent, { aggregate: "License" }>,
    moved = false,
  ): void {
    const { tenantId, adamId, place } = ledgerEvent;
    const set = holderKind === "user" ? pool.holders : pool.devices;
    const what = holderKind === "user" ? `user ${id}` : `device ${id}`;
    const violation = (rule: AuditViolation["rule"], message: string) => {
      this.#first ??= { rule, tenantId, adamId, userId: id, holderKind, place, message };
    };
    const held = pool.holders.size + pool.devices.size;
    if (set.has(id)) {
      violation("R13", `${what} was assigned a second license of app ${adamId}`);
    } else if (!moved && held >= pool.purchased) {
      violation(
        "R16",
        `assignment to ${what} made ${held + 1} licenses of app ${adamId} assigned with ${pool.purchased} purchased`,
      );
    }
    set.add(id);
  }

  /** The audit so far. */
  report(): AuditReport {
    return { eventsChecked: this.#checked, pools: this.#pools.size, firstViolation: this.#first };
  }
}
