import { randomUUID } from "node:crypto";
import type { EventStore } from "@vpp-ledger/core";

/** The tenant and apps of the seeded log. */
export const SEED = {
  tenant: "acme",
  /** Two licenses, three holders over time: a clean pool. */
  cleanApp: "361309726",
  /** One license, assigned twice: an R16 violation at version 3. */
  overApp: "409183694",
  /** An event that does not decode (a number as user id) at version 2. */
  brokenApp: "284882215",
  /** A device license (R20): one license held by a device. */
  deviceApp: "310633997",
  /** The device holding it. */
  serial: "C02XK0ABC123",
} as const;

type Data = Readonly<Record<string, unknown>>;

/** Appends events as a store holds them (encoded JSON), bypassing the deciders that would refuse a violation. */
const append = async (
  store: EventStore,
  adamId: string,
  events: ReadonlyArray<readonly [string, Data]>,
): Promise<void> => {
  const streamId = `vpp-license:${SEED.tenant}:${adamId}`;
  await store.appendToStream(
    streamId,
    events.map(([type, data]) => ({
      id: randomUUID(),
      type,
      schemaVersion: 1,
      data,
      metadata: {
        tenantId: SEED.tenant,
        correlationId: randomUUID(),
        causationId: randomUUID(),
        actor: { kind: "admin", id: "admin-1" },
        recordedAt: String(data.at),
      },
    })),
  );
};

/** A clean pool: u1 and u2 assigned, u1 reclaimed on 2026-03-10, u3 assigned after. */
export const seedClean = (store: EventStore): Promise<void> =>
  append(store, SEED.cleanApp, [
    ["PurchasedCountSynced", { purchased: 2, previous: 0, at: "2026-03-01T09:00:00Z" }],
    ["LicenseAssigned", { userId: "u1", at: "2026-03-02T09:00:00Z" }],
    ["LicenseAssigned", { userId: "u2", at: "2026-03-03T09:00:00Z" }],
    ["LicenseReclaimed", { userId: "u1", reason: "app-uninstalled", at: "2026-03-10T09:00:00Z" }],
    ["LicenseAssigned", { userId: "u3", at: "2026-03-11T09:00:00Z" }],
  ]);

/** One license assigned to two users: R16 broken by version 3. */
export const seedViolation = (store: EventStore): Promise<void> =>
  append(store, SEED.overApp, [
    ["PurchasedCountSynced", { purchased: 1, previous: 0, at: "2026-04-01T09:00:00Z" }],
    ["LicenseAssigned", { userId: "u1", at: "2026-04-02T09:00:00Z" }],
    ["LicenseAssigned", { userId: "u2", at: "2026-04-03T09:00:00Z" }],
  ]);

/** A pool whose second event does not decode. */
export const seedBroken = (store: EventStore): Promise<void> =>
  append(store, SEED.brokenApp, [
    ["PurchasedCountSynced", { purchased: 1, previous: 0, at: "2026-05-01T09:00:00Z" }],
    ["LicenseAssigned", { userId: 42, at: "2026-05-02T09:00:00Z" }],
  ]);

/** Positions in the seeded log: the clean pool 1–5, the over-assigned pool 6–8, the broken pool 9–10. */
export const POSITIONS = { lastClean: 5n, violation: 8n, broken: 10n } as const;

/** The three pools, in that order (a fresh store numbers them 1 to 10). */
export const seedAll = async (store: EventStore): Promise<void> => {
  await seedClean(store);
  await seedViolation(store);
  await seedBroken(store);
};

/** A pool of one license held by a device (R20), recorded after the other three (positions 11–12). */
export const seedDevice = (store: EventStore): Promise<void> =>
  append(store, SEED.deviceApp, [
    ["PurchasedCountSynced", { purchased: 1, previous: 0, at: "2026-06-01T09:00:00Z" }],
    ["DeviceLicenseAssigned", { serialNumber: SEED.serial, platform: "iOS", at: "2026-06-02T09:00:00Z" }],
  ]);
