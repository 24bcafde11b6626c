/**
 * The log of bench/read-models.ts, appended in bulk: pre-encoded events, 20 per append, streams taken in turn so
 * the log interleaves them as a live one would (every batch a processor reads touches many pools), with four
 * appends in flight. Deterministic: the same log on every run.
 */
import {
  type EventStore,
  eventIdFor,
  LicenseAggregate,
  type LicenseEvent,
  licenseStreamId,
  VppAccountAggregate,
  type VppAccountEvent,
  vppAccountStreamId,
} from "@vpp-ledger/core";

/** The queried tenant: 5,000 apps, 2,000 users, 20 installs per app (100,000), a quarter in each of four states. */
export const BIG = { tenant: "big", apps: 5_000, users: 2_000, installsPerApp: 20 } as const;
const OTHER = { tenants: 200, apps: 20, users: 50 } as const;
const CHUNK = 20;
const IN_FLIGHT = 4;

type Stream = { readonly id: string; readonly tenantId: string; readonly events: Iterator<Encoded> };
type Encoded = { readonly type: string; readonly schemaVersion: number; readonly data: unknown };

let clock = Date.UTC(2026, 0, 1);
/** Appends so far, across calls: each append's event ids derive from its number, so they never repeat. */
let commands = 0;
/** Domain time that never goes back: one second per event generated. */
const tick = (): string => {
  clock += 1_000;
  return new Date(clock).toISOString();
};
const license = (event: LicenseEvent): Encoded => LicenseAggregate.events.encode(event);
const account = (event: VppAccountEvent): Encoded => VppAccountAggregate.events.encode(event);
const token = (tenant: string): VppAccountEvent => ({
  type: "TokenUploaded",
  data: {
    orgName: tenant,
    tokenName: "Main",
    appleId: "admin@example.org",
    fingerprint: "f",
    expiresAt: "2030-01-01T00:00:00Z",
    at: tick(),
  },
});

function* bigAccount(): Generator<Encoded> {
  yield account(token(BIG.tenant));
  for (let u = 0; u < BIG.users; u++) {
    yield account({ type: "UserInvited", data: { userId: `u-${u}`, at: tick() } });
    yield account({ type: "TermsAccepted", data: { userId: `u-${u}`, at: tick() } });
  }
}

/** One of the big tenant's pools: 20 installs, awaiting terms, failed, pending and installed in turn. */
function* bigPool(app: number): Generator<Encoded> {
  yield license({
    type: "PurchasedCountSynced",
    data: { purchased: BIG.installsPerApp, previous: 0, at: tick() },
  });
  yield license({ type: "AppDeployed", data: { action: "required", at: tick() } });
  for (let j = 0; j < BIG.installsPerApp; j++) {
    const userId = `u-${(app * BIG.installsPerApp + j) % BIG.users}`;
    if (j % 4 === 0) yield license({ type: "InstallRequested", data: { userId, at: tick() } });
    const reason = { code: "apple-unavailable", message: "Apple answered 503" };
    if (j % 4 === 1) yield license({ type: "InstallFailed", data: { userId, reason, at: tick() } });
    if (j % 4 >= 2) yield license({ type: "LicenseAssigned", data: { userId, at: tick() } });
    if (j % 4 === 3) yield license({ type: "AppInstalled", data: { userId, at: tick() } });
  }
}

/** Another tenant's pool: endless install, assign, report, reclaim cycles over 50 users. */
function* churnPool(): Generator<Encoded> {
  yield license({ type: "PurchasedCountSynced", data: { purchased: 25, previous: 0, at: tick() } });
  yield license({ type: "AppDeployed", data: { action: "required", at: tick() } });
  for (let c = 0; ; c++) {
    const userId = `u-${c % OTHER.users}`;
    yield license({ type: "InstallRequested", data: { userId, at: tick() } });
    yield license({ type: "LicenseAssigned", data: { userId, at: tick() } });
    yield license({ type: "AppInstalled", data: { userId, at: tick() } });
    yield license({ type: "LicenseReclaimed", data: { userId, reason: "app-uninstalled", at: tick() } });
  }
}

/** Appends the streams' events in turn, `CHUNK` at a time, until they end or `budget` events were appended. */
const appendInTurn = async (store: EventStore, streams: Stream[], budget: number): Promise<number> => {
  const metadata = (tenantId: string) => ({
    tenantId,
    correlationId: "bench",
    causationId: "bench",
    actor: { kind: "system" as const },
    recordedAt: "2026-01-01T00:00:00.000Z",
  });
  let appended = 0;
  const queue = [...streams];
  const worker = async () => {
    while (appended < budget) {
      const stream = queue.shift();
      if (stream === undefined) return;
      const chunk: Encoded[] = [];
      while (chunk.length < Math.min(CHUNK, budget - appended)) {
        const next = stream.events.next();
        if (next.done) break;
        chunk.push(next.value);
      }
      if (chunk.length === 0) continue;
      appended += chunk.length;
      const commandId = `seed-${commands++}`;
      const events = chunk.map((e, i) => ({
        id: eventIdFor(commandId, i),
        ...e,
        metadata: metadata(stream.tenantId),
      }));
      // Each stream has one chunk in flight at a time: it goes back in the queue once appended.
      await store.appendToStream(stream.id, events, { expectedVersion: "any" });
      queue.push(stream);
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  return appended;
};

/** Appends the big tenant's history (139,001 events); returns the number appended. */
export const seedBigTenant = (store: EventStore): Promise<number> => {
  const streams: Stream[] = [
    { id: vppAccountStreamId(BIG.tenant), tenantId: BIG.tenant, events: bigAccount() },
    ...Array.from({ length: BIG.apps }, (_, app) => ({
      id: licenseStreamId(BIG.tenant, String(100_000 + app)),
      tenantId: BIG.tenant,
      events: bigPool(app),
    })),
  ];
  return appendInTurn(store, streams, Number.POSITIVE_INFINITY);
};

/** Appends 200 other tenants' churn (20 pools each) until `events` more events were appended. */
export const seedOtherTenants = (store: EventStore, events: number): Promise<number> => {
  const streams: Stream[] = [];
  for (let t = 0; t < OTHER.tenants; t++) {
    const tenantId = `t-${t}`;
    streams.push({ id: vppAccountStreamId(tenantId), tenantId, events: [account(token(tenantId))].values() });
    for (let a = 0; a < OTHER.apps; a++) {
      streams.push({ id: licenseStreamId(tenantId, String(200_000 + a)), tenantId, events: churnPool() });
    }
  }
  return appendInTurn(store, streams, events);
};
