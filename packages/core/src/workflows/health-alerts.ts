import type { TokenHealth } from "../account/token-health.js";
import type { LicenseEvent } from "../license/events.js";
import { Holders } from "../license/holders.js";
import { DEFAULT_USAGE_THRESHOLD_PERCENT, type UsageLevel, usageLevel } from "../license/terms.js";
import type { Workflow } from "../processing/workflow.js";

/** An alert for the host (R23): a pool's use crossed a level, or the token's health changed. */
export type HealthAlert =
  | {
      readonly kind: "pool-usage";
      readonly tenantId: string;
      readonly adamId: string;
      readonly level: UsageLevel;
      readonly previous: UsageLevel;
      readonly assigned: number;
      readonly purchased: number;
      readonly thresholdPercent: number;
      readonly at: string;
      /** The event that recorded the crossing: deliveries are at-least-once, deduplicate by it. */
      readonly eventId: string;
    }
  | {
      readonly kind: "token-health";
      readonly tenantId: string;
      readonly health: TokenHealth;
      readonly previous: TokenHealth;
      readonly expiresAt: string;
      readonly at: string;
      readonly eventId: string;
    };

/** What the health workflow decides: record a pool's level or the token's health, or tell the host. */
export type HealthAction =
  | {
      readonly type: "record-pool-usage";
      readonly tenantId: string;
      readonly adamId: string;
      readonly thresholdPercent: number;
      readonly at: string;
      readonly commandId: string;
      readonly causationId: string;
    }
  | {
      readonly type: "check-token-health";
      readonly tenantId: string;
      readonly at: string;
      readonly commandId: string;
      readonly causationId: string;
    }
  | { readonly type: "alert"; readonly alert: HealthAlert };

/** Per pool (`tenant NUL adamId`): `purchased assigned level`, as the log says. */
export type PoolUsageIndex = Holders;

interface Usage {
  readonly purchased: number;
  readonly assigned: number;
  readonly level: UsageLevel;
}

const keyOf = (tenantId: string, adamId: string) => `${tenantId}\u0000${adamId}`;
const read = (state: PoolUsageIndex, key: string): Usage => {
  const [purchased, assigned, level] = state.get(key)?.split(" ") ?? [];
  return {
    purchased: Number(purchased ?? 0),
    assigned: Number(assigned ?? 0),
    level: (level ?? "normal") as UsageLevel,
  };
};

/** The pool's counts after one of its events. */
const next = (usage: Usage, event: LicenseEvent): Usage => {
  switch (event.type) {
    case "PurchasedCountSynced":
      return { ...usage, purchased: event.data.purchased };
    case "LicenseAssigned":
    case "DeviceLicenseAssigned":
    case "DeviceLicenseImported":
      return { ...usage, assigned: usage.assigned + 1 };
    case "LicenseReclaimed":
    case "DeviceLicenseReclaimed":
      return { ...usage, assigned: Math.max(0, usage.assigned - 1) };
    case "LicensesRevoked":
      return { ...usage, assigned: 0 };
    case "PoolUsageChanged":
      return { ...usage, level: event.data.level };
    default:
      return usage;
  }
};

const TOKEN_CHECKS = new Set(["TokenUploaded", "TokenRenewed", "TokenRevoked", "SyncStarted"]);

/**
 * The health workflow (R23), for a threshold (default 90%). It follows each pool's counts from the log and, when
 * an event moves a pool to another level than the one recorded, decides to record it (`RecordPoolUsage`, which
 * records once per crossing). On a token upload, renewal, revocation or sync start it decides a `CheckTokenHealth`,
 * so a revocation is a health state at once and expiry is checked at least as often as the account syncs. Each
 * `PoolUsageChanged` and `TokenHealthChanged` becomes an alert for the host.
 */
export const healthWorkflow = (
  thresholdPercent: number = DEFAULT_USAGE_THRESHOLD_PERCENT,
): Workflow<PoolUsageIndex, HealthAction> => ({
  initialState: Holders.empty,
  evolve: (state, ledgerEvent) => {
    if (ledgerEvent.aggregate !== "License") return state;
    const key = keyOf(ledgerEvent.tenantId, ledgerEvent.adamId);
    const before = read(state, key);
    const after = next(before, ledgerEvent.event);
    if (after === before) return state;
    return state.edit().set(key, `${after.purchased} ${after.assigned} ${after.level}`).done();
  },
  decide: (ledgerEvent, state) => {
    const { tenantId, place } = ledgerEvent;
    if (ledgerEvent.aggregate === "VppAccount") {
      const { event } = ledgerEvent;
      if (event.type === "TokenHealthChanged") {
        return [
          { type: "alert", alert: { kind: "token-health", tenantId, ...event.data, eventId: place.eventId } },
        ];
      }
      if (!TOKEN_CHECKS.has(event.type)) return [];
      const commandId = `health:${place.eventId}`;
      return [
        { type: "check-token-health", tenantId, at: event.data.at, commandId, causationId: place.eventId },
      ];
    }
    const { adamId, event } = ledgerEvent;
    if (event.type === "PoolUsageChanged") {
      return [
        {
          type: "alert",
          alert: { kind: "pool-usage", tenantId, adamId, ...event.data, eventId: place.eventId },
        },
      ];
    }
    const before = read(state, keyOf(tenantId, adamId));
    const after = next(before, event);
    if (after === before || usageLevel(after.assigned, after.purchased, thresholdPercent) === before.level)
      return [];
    return [
      {
        type: "record-pool-usage",
        tenantId,
        adamId,
        thresholdPercent,
        at: event.data.at,
        commandId: `health:${place.eventId}`,
        causationId: place.eventId,
      },
    ];
  },
});
