import { decodeLedgerEvent, type EventStore, toIso, toMillis } from "@vpp-ledger/core";
import {
  AccountOverview,
  InstallMonitor,
  LicenseAudit,
  LicenseHistory,
  PurchasedApps,
  project,
} from "@vpp-ledger/projections";
import { expect } from "vitest";
import type { Page, ReadModelQueries } from "../../src/index.js";

/** Byte-wise order: the read models' (C collation). */
export const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Every item of a paged list, read in small pages so paging itself is exercised. */
export const allPages = async <T>(fetch: (after: string | undefined) => Promise<Page<T>>): Promise<T[]> => {
  const items: T[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await fetch(after);
    items.push(...page.items);
    if (page.next === null) return items;
    after = page.next;
  }
};

/** Tenants, pools, users and instants a history names: what the comparison asks about. */
const namesOf = async (store: EventStore) => {
  const tenants = new Set<string>();
  const pools = new Map<string, { tenantId: string; adamId: string }>();
  const users = new Set<string>();
  const instants = new Set<number>();
  for await (const recorded of store.readAll()) {
    const event = decodeLedgerEvent(recorded);
    if (!event) continue;
    tenants.add(event.tenantId);
    instants.add(toMillis(event.event.data.at));
    if ("userId" in event.event.data) users.add(event.event.data.userId);
    if (event.aggregate === "License") pools.set(`${event.tenantId}:${event.adamId}`, event);
  }
  // Each instant, and a millisecond either side: holdings are half-open, so the bounds are where bugs live.
  const at = [...instants].flatMap((t) => [t - 1, t, t + 1]).map(toIso);
  return { tenants: [...tenants], pools: [...pools.values()], users: [...users], at };
};

/**
 * Asserts that the durable read models answer every question exactly as the in-memory read models of
 * `@vpp-ledger/projections` do after one full replay of the log.
 */
export const expectEqualToReplay = async (queries: ReadModelQueries, store: EventStore): Promise<void> => {
  const memory = {
    apps: new PurchasedApps(),
    monitor: new InstallMonitor(),
    history: new LicenseHistory(),
    audit: new LicenseAudit(),
    accounts: new AccountOverview(),
  };
  await project(store, Object.values(memory));
  const { tenants, pools, users, at } = await namesOf(store);
  expect(await queries.auditReport()).toEqual(memory.audit.report());
  for (const tenantId of tenants) {
    const apps = await allPages((after) =>
      queries.purchasedApps(tenantId, { limit: 2, ...(after ? { after } : {}) }),
    );
    expect(apps).toEqual(memory.apps.list(tenantId).sort((a, b) => byteOrder(a.adamId, b.adamId)));
    const installs = await allPages((after) =>
      queries.installs(tenantId, { limit: 3, ...(after ? { after } : {}) }),
    );
    const expected = memory.monitor
      .installs(tenantId)
      .sort((a, b) => byteOrder(a.adamId, b.adamId) || byteOrder(a.userId, b.userId));
    expect(installs).toEqual(expected);
    for (const userId of users)
      expect(await queries.termsOf(tenantId, userId)).toBe(memory.monitor.termsOf(tenantId, userId));
    for (const instant of at.filter((_, i) => i % 7 === 0)) {
      expect(await queries.account(tenantId, instant)).toEqual(memory.accounts.get(tenantId, instant));
    }
  }
  for (const { tenantId, adamId } of pools) {
    expect(await queries.purchasedApp(tenantId, adamId)).toEqual(memory.apps.get(tenantId, adamId));
    expect(await queries.installSummary(tenantId, adamId)).toEqual(memory.monitor.summary(tenantId, adamId));
    const history = await allPages((after) =>
      queries.licenseHistory(tenantId, { adamId, limit: 4, ...(after ? { after } : {}) }),
    );
    expect(history).toEqual(memory.history.holdings(tenantId, adamId));
    for (const instant of at) {
      expect(await queries.holdersAt(tenantId, adamId, instant)).toEqual(
        memory.history.holdersAt(tenantId, adamId, instant),
      );
      expect(await queries.deviceHoldersAt(tenantId, adamId, instant)).toEqual(
        memory.history.deviceHoldersAt(tenantId, adamId, instant),
      );
    }
  }
};
