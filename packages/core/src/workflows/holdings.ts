import type { LedgerEvent } from "../ledger/streams.js";
import type { LicenseCommand } from "../license/commands.js";
import { Holders } from "../license/holders.js";
import type { Workflow } from "../processing/workflow.js";

/**
 * Who holds which licenses across a tenant's pools, from the log: `tenant NUL u NUL userId` and
 * `tenant NUL d NUL serialNumber` → the adamIds held, `tenant NUL p` → every pool seen, space-separated, and
 * `tenant NUL s NUL adamId` for each pool seen.
 * A persistent map, so a step copies a few entries, never the index.
 */
export type Holdings = Holders;

/** A License command the licensing reactor sends to one pool, under an id derived from its cause. */
export interface PoolCommand {
  readonly type: "pool-command";
  readonly tenantId: string;
  readonly adamId: string;
  readonly command: LicenseCommand;
  readonly commandId: string;
  readonly causationId: string;
}

const userKey = (tenantId: string, userId: string) => `${tenantId}\u0000u\u0000${userId}`;
const deviceKey = (tenantId: string, serialNumber: string) => `${tenantId}\u0000d\u0000${serialNumber}`;
const poolsKey = (tenantId: string) => `${tenantId}\u0000p`;
// One key per pool seen, so a pool's first event is told from the others in O(1) whatever the tenant's app count.
const poolSeenKey = (tenantId: string, adamId: string) => `${tenantId}\u0000s\u0000${adamId}`;

const listed = (state: Holdings, key: string): string[] => state.get(key)?.split(" ") ?? [];

/** Adds or removes one adamId under each key, writing each key once. */
const edit = (state: Holdings, changes: ReadonlyArray<readonly [string, string, boolean]>): Holdings => {
  const pending = new Map<string, string[]>();
  for (const [key, adamId, add] of changes) {
    const apps = pending.get(key) ?? listed(state, key);
    const has = apps.includes(adamId);
    if (add && !has) pending.set(key, [...apps, adamId]);
    if (!add && has)
      pending.set(
        key,
        apps.filter((app) => app !== adamId),
      );
  }
  if (pending.size === 0) return state;
  const editor = state.edit();
  for (const [key, apps] of pending) {
    if (apps.length === 0) editor.delete(key);
    else editor.set(key, apps.join(" "));
  }
  return editor.done();
};

const evolve = (state: Holdings, ledgerEvent: LedgerEvent): Holdings => {
  if (ledgerEvent.aggregate !== "License") return state;
  const { tenantId, adamId, event } = ledgerEvent;
  const changes: Array<readonly [string, string, boolean]> = [];
  if (!state.has(poolSeenKey(tenantId, adamId))) {
    changes.push([poolsKey(tenantId), adamId, true]);
    changes.push([poolSeenKey(tenantId, adamId), adamId, true]);
  }
  switch (event.type) {
    case "LicenseAssigned":
    case "LicenseReclaimed":
      changes.push([userKey(tenantId, event.data.userId), adamId, event.type === "LicenseAssigned"]);
      break;
    case "DeviceLicenseAssigned":
    case "DeviceLicenseImported":
    case "DeviceLicenseReclaimed":
      // An imported license is held like an assigned one: the device's departure reclaims it too (R21).
      changes.push([
        deviceKey(tenantId, event.data.serialNumber),
        adamId,
        event.type !== "DeviceLicenseReclaimed",
      ]);
      break;
    case "LicenseMovedToDevice":
      changes.push([userKey(tenantId, event.data.userId), adamId, false]);
      changes.push([deviceKey(tenantId, event.data.serialNumber), adamId, true]);
      break;
    case "LicensesRevoked":
      for (const userId of event.data.userIds) changes.push([userKey(tenantId, userId), adamId, false]);
      for (const serial of event.data.serialNumbers)
        changes.push([deviceKey(tenantId, serial), adamId, false]);
      break;
    default:
      break;
  }
  return changes.length === 0 ? state : edit(state, changes);
};

const decide = (ledgerEvent: LedgerEvent, state: Holdings): ReadonlyArray<PoolCommand> => {
  if (ledgerEvent.aggregate !== "VppAccount") return [];
  const { tenantId, event, place } = ledgerEvent;
  const to = (adamIds: ReadonlyArray<string>, command: LicenseCommand): PoolCommand[] =>
    [...adamIds].sort().map((adamId) => ({
      type: "pool-command",
      tenantId,
      adamId,
      command,
      commandId: `licensing:${place.eventId}:${adamId}`,
      causationId: place.eventId,
    }));
  switch (event.type) {
    case "UserRetired": {
      const { userId, at } = event.data;
      return to(listed(state, userKey(tenantId, userId)), {
        type: "ReclaimLicense",
        data: { userId, reason: "user-retired", at },
      });
    }
    case "DeviceRetired": {
      const { serialNumber, reason, at } = event.data;
      return to(listed(state, deviceKey(tenantId, serialNumber)), {
        type: "ReclaimDeviceLicense",
        data: { serialNumber, reason, at },
      });
    }
    case "LocationLicensesRevoked": {
      const { reason, at } = event.data;
      return to(listed(state, poolsKey(tenantId)), {
        type: "RevokeAllLicenses",
        data: { scope: "location", reason, at },
      });
    }
    default:
      return [];
  }
};

/**
 * The licensing workflow across pools (R21, R22): it indexes who holds which licenses from the log, and on a
 * `UserRetired`, `DeviceRetired` or `LocationLicensesRevoked` of an account decides the License command for each
 * pool concerned: reclaim the user's or device's license, or revoke every license of the pool. Pure.
 */
export const licensingWorkflow: Workflow<Holdings, PoolCommand> = {
  initialState: Holders.empty,
  evolve,
  decide,
};

/** The adamIds a user or device holds a license of, per the index (for hosts and tests). */
export const heldApps = (
  state: Holdings,
  tenantId: string,
  holder: { readonly userId: string } | { readonly serialNumber: string },
): string[] =>
  listed(
    state,
    "userId" in holder ? userKey(tenantId, holder.userId) : deviceKey(tenantId, holder.serialNumber),
  );
