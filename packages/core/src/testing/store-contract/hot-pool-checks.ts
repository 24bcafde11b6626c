import { expect } from "vitest";
import { type LicenseEvent, licenseEvents, licenseStreamId } from "../../license/index.js";
import { eventIdFor } from "../../store/event-id.js";
import type { EventStore } from "../../store/port.js";
import { collect } from "./collect.js";
import { HOT_APP, type HotPoolRun, type InstallCall } from "./hot-pool.js";

/**
 * R13 and R16 at every event of a pool, as `LicenseAudit` (projections) checks them over the log: no user
 * assigned twice without a reclaim between, never more holders than purchased. Returns the first breach, or null.
 */
export const auditPoolEvents = (events: ReadonlyArray<LicenseEvent>): string | null => {
  let purchased = 0;
  const holders = new Set<string>();
  for (const [i, event] of events.entries()) {
    if (event.type === "PurchasedCountSynced") purchased = event.data.purchased;
    if (event.type === "LicenseReclaimed") holders.delete(event.data.userId);
    if (event.type !== "LicenseAssigned") continue;
    const { userId } = event.data;
    if (holders.has(userId)) return `R13: event ${i + 1} assigns ${userId} a second license`;
    if (holders.size >= purchased)
      return `R16: event ${i + 1} makes ${holders.size + 1} of ${purchased} held`;
    holders.add(userId);
  }
  return null;
};

/**
 * The pool after a race, against what every caller was told:
 * - versions 1..n and increasing positions, the count sync and deployment first;
 * - exactly min(purchased, users who asked) distinct users assigned (R16), none twice (R13), audit clean;
 * - every call answered exactly once, and the calls of one command id (a command sent twice) alike;
 * - every answer agrees with the log: an `assigned` call's command wrote its user's `LicenseAssigned`, an
 *   `already-assigned` user holds a license, a `failed` call (`no-license-available`) recorded its
 *   `InstallFailed` and its user holds none (licenses are never freed in these races).
 */
export const expectSettledHotPool = async (
  store: EventStore,
  tenant: string,
  purchased: number,
  callers: ReadonlyArray<ReadonlyArray<InstallCall>>,
  run: HotPoolRun,
): Promise<void> => {
  const recorded = await collect(store.readStream(licenseStreamId(tenant, HOT_APP), { batchSize: 97 }));
  expect(recorded.map((event) => event.streamVersion)).toEqual(recorded.map((_, i) => BigInt(i + 1)));
  for (let i = 1; i < recorded.length; i++) {
    expect(recorded[i]!.globalPosition).toBeGreaterThan(recorded[i - 1]!.globalPosition);
  }
  const events = recorded.map((event) => licenseEvents.decode(event));
  expect(events.slice(0, 2).map((event) => event.type)).toEqual(["PurchasedCountSynced", "AppDeployed"]);
  expect(auditPoolEvents(events)).toBeNull();

  const asked = new Set(callers.flatMap((calls) => calls.map((call) => call.userId)));
  const assigned = events.flatMap((event) => (event.type === "LicenseAssigned" ? [event.data.userId] : []));
  expect(new Set(assigned).size).toBe(assigned.length);
  expect(assigned).toHaveLength(Math.min(purchased, asked.size));
  const holders = new Set(assigned);
  const storedIds = new Set(recorded.map((event) => event.id));

  const total = callers.reduce((sum, calls) => sum + calls.length, 0);
  expect(run.answers).toHaveLength(total);
  const keys = run.answers.map((a) => `${a.caller}:${callers[a.caller]!.indexOf(a.call)}`);
  expect(new Set(keys).size).toBe(total);

  const byCommand = new Map<string, string>();
  for (const { call, outcome } of run.answers) {
    const said = outcome.status === "failed" ? `failed:${outcome.reason.code}` : outcome.status;
    expect(byCommand.get(call.commandId) ?? said, `answers to ${call.commandId}`).toBe(said);
    byCommand.set(call.commandId, said);
  }
  for (const { call, outcome } of run.answers) {
    const where = `${call.commandId} (${call.userId}): ${outcome.status}`;
    if (outcome.status === "assigned") {
      expect(storedIds.has(eventIdFor(`${call.commandId}/assign`, 0)), where).toBe(true);
      expect(holders.has(call.userId), where).toBe(true);
    } else if (outcome.status === "already-assigned") {
      expect(holders.has(call.userId), where).toBe(true);
    } else {
      expect(outcome, where).toMatchObject({ status: "failed", reason: { code: "no-license-available" } });
      expect(storedIds.has(eventIdFor(`${call.commandId}/record-failure`, 0)), where).toBe(true);
      expect(holders.has(call.userId), where).toBe(false);
    }
  }
};
