import { type EventPlace, type LedgerEvent, toMillis } from "@vpp-ledger/core";
import { type Projection, poolKey } from "./projection.js";

/** One period during which a user or a device held a license of an app (R18, R20). */
export interface Holding {
  readonly tenantId: string;
  readonly adamId: string;
  /** The user, or for a device license the device's serial number (see `holderKind`). */
  readonly userId: string;
  readonly holderKind: "user" | "device";
  readonly from: string;
  /** Null while the license is still held. */
  readonly until: string | null;
  readonly assignedBy: EventPlace;
  readonly reclaimedBy: EventPlace | null;
  readonly reclaimReason: string | null;
}

type MutableHolding = { -readonly [K in keyof Holding]: Holding[K] };
type LicenseLedgerEvent = Extract<LedgerEvent, { aggregate: "License" }>;

/** Who held which license of which app, and when (R18): every holding with the events that opened and closed it. */
export class LicenseHistory implements Projection {
  readonly name = "license-history";
  readonly #byPool = new Map<string, MutableHolding[]>();
  readonly #openHoldings = new Map<string, MutableHolding>();

  apply(ledgerEvent: LedgerEvent): void {
    if (ledgerEvent.aggregate !== "License") return;
    const { event } = ledgerEvent;
    switch (event.type) {
      case "LicenseAssigned":
        this.#open(ledgerEvent, "user", event.data.userId);
        return;
      case "DeviceLicenseAssigned":
      case "DeviceLicenseImported":
        this.#open(ledgerEvent, "device", event.data.serialNumber);
        return;
      case "LicenseReclaimed":
        this.#close(ledgerEvent, "user", event.data.userId, event.data.reason);
        return;
      case "DeviceLicenseReclaimed":
        this.#close(ledgerEvent, "device", event.data.serialNumber, event.data.reason);
        return;
      case "LicenseMovedToDevice":
        this.#close(ledgerEvent, "user", event.data.userId, "moved-to-device");
        this.#open(ledgerEvent, "device", event.data.serialNumber);
        return;
      case "LicensesRevoked": {
        const reason = `revoked: ${event.data.reason}`;
        for (const userId of event.data.userIds) this.#close(ledgerEvent, "user", userId, reason);
        for (const serial of event.data.serialNumbers) this.#close(ledgerEvent, "device", serial, reason);
        return;
      }
      default:
        return;
    }
  }

  #open(ledgerEvent: LicenseLedgerEvent, holderKind: Holding["holderKind"], id: string): void {
    const { tenantId, adamId, event, place } = ledgerEvent;
    const pool = poolKey(tenantId, adamId);
    const holding: MutableHolding = {
      tenantId,
      adamId,
      userId: id,
      holderKind,
      from: event.data.at,
      until: null,
      assignedBy: place,
      reclaimedBy: null,
      reclaimReason: null,
    };
    const list = this.#byPool.get(pool) ?? [];
    list.push(holding);
    this.#byPool.set(pool, list);
    this.#openHoldings.set(`${pool}:${holderKind}:${id}`, holding);
  }

  #close(
    ledgerEvent: LicenseLedgerEvent,
    holderKind: Holding["holderKind"],
    id: string,
    reason: string,
  ): void {
    const { tenantId, adamId, event, place } = ledgerEvent;
    const key = `${poolKey(tenantId, adamId)}:${holderKind}:${id}`;
    const holding = this.#openHoldings.get(key);
    if (!holding) return;
    Object.assign(holding, { until: event.data.at, reclaimedBy: place, reclaimReason: reason });
    this.#openHoldings.delete(key);
  }

  /** Users holding a license of the app at instant `at` (holdings are half-open: [from, until)). */
  holdersAt(tenantId: string, adamId: string, at: string): string[] {
    return this.#heldAt(tenantId, adamId, at, "user");
  }

  /** Devices (serial numbers) holding a license of the app at instant `at` (R18, R20). */
  deviceHoldersAt(tenantId: string, adamId: string, at: string): string[] {
    return this.#heldAt(tenantId, adamId, at, "device");
  }

  #heldAt(tenantId: string, adamId: string, at: string, kind: Holding["holderKind"]): string[] {
    const t = toMillis(at);
    return (this.#byPool.get(poolKey(tenantId, adamId)) ?? [])
      .filter(
        (h) => h.holderKind === kind && toMillis(h.from) <= t && (h.until === null || t < toMillis(h.until)),
      )
      .map((h) => h.userId)
      .sort();
  }

  /** Every holding of an app, in the order they began. */
  holdings(tenantId: string, adamId: string): Holding[] {
    return [...(this.#byPool.get(poolKey(tenantId, adamId)) ?? [])];
  }

  /** Every holding of one user across a tenant's apps. */
  holdingsOf(tenantId: string, userId: string): Holding[] {
    return this.#of(tenantId, userId, "user");
  }

  /** Every holding of one device across a tenant's apps. */
  holdingsOfDevice(tenantId: string, serialNumber: string): Holding[] {
    return this.#of(tenantId, serialNumber, "device");
  }

  #of(tenantId: string, id: string, kind: Holding["holderKind"]): Holding[] {
    return [...this.#byPool.values()]
      .flat()
      .filter((h) => h.tenantId === tenantId && h.userId === id && h.holderKind === kind);
  }
}
