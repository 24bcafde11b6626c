import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { expect, it } from "vitest";
import type { CommandFailure } from "../../app/command.js";
import { License, type LicenseEvent, licenseEvents, licenseStreamId } from "../../license/index.js";
import { isLedgerError } from "../../store/errors.js";
import type { EventStore } from "../../store/port.js";
import { licenseDevice } from "../../workflows/device-license.js";
import { createVppLedger, type VppLedger } from "../../workflows/ledger.js";
import { collect } from "./collect.js";
import type { ContractContext } from "./harness.js";
import { HOT_APP, prepareHotPool } from "./hot-pool.js";

const AT = "2026-11-25T12:00:00Z";
const PROCESSES = 3;

/**
 * R13 and R16 over users and devices at every event of a pool (R19, R20): no holder granted twice, never more
 * users and devices together than purchased; a move frees the user's license as it grants the device's. Returns
 * the first breach, or null.
 */
export const auditMixedPoolEvents = (events: ReadonlyArray<LicenseEvent>): string | null => {
  let purchased = 0;
  const users = new Set<string>();
  const devices = new Set<string>();
  for (const [i, event] of events.entries()) {
    const grant = (set: Set<string>, id: string): string | null => {
      if (set.has(id)) return `R13: event ${i + 1} grants ${id} a second license`;
      if (users.size + devices.size >= purchased)
        return `R16: event ${i + 1} makes one more than ${purchased}`;
      set.add(id);
      return null;
    };
    let breach: string | null = null;
    switch (event.type) {
      case "PurchasedCountSynced":
        purchased = event.data.purchased;
        break;
      case "LicenseAssigned":
        breach = grant(users, event.data.userId);
        break;
      case "DeviceLicenseAssigned":
      case "DeviceLicenseImported":
        breach = grant(devices, event.data.serialNumber);
        break;
      case "LicenseMovedToDevice":
        if (!users.delete(event.data.userId))
          return `R21: event ${i + 1} moves a license ${event.data.userId} lacks`;
        breach = grant(devices, event.data.serialNumber);
        break;
      case "LicenseReclaimed":
        users.delete(event.data.userId);
        break;
      case "DeviceLicenseReclaimed":
        devices.delete(event.data.serialNumber);
        break;
      default:
        break;
    }
    if (breach) return breach;
  }
  return null;
};

type Call =
  | { readonly kind: "assign"; readonly serial: number }
  | { readonly kind: "move"; readonly user: number; readonly serial: number }
  | { readonly kind: "reclaim"; readonly serial: number }
  | { readonly kind: "import"; readonly serial: number };

const callArb: fc.Arbitrary<Call> = fc.oneof(
  fc.record({ kind: fc.constant("assign" as const), serial: fc.nat(5) }),
  fc.record({ kind: fc.constant("move" as const), user: fc.nat(3), serial: fc.nat(5) }),
  fc.record({ kind: fc.constant("reclaim" as const), serial: fc.nat(5) }),
  fc.record({ kind: fc.constant("import" as const), serial: fc.nat(5) }),
);

const scenarios = fc.record({
  purchased: fc.integer({ min: 1, max: 5 }),
  users: fc.integer({ min: 0, max: 4 }),
  processes: fc.integer({ min: 1, max: PROCESSES }),
  callers: fc.array(fc.array(callArb, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }),
});

const retried = async (send: () => Promise<E.Either<CommandFailure, unknown>>): Promise<void> => {
  for (let attempt = 1; ; attempt++) {
    const outcome = await send();
    if (E.isRight(outcome) || !isLedgerError(outcome.left) || !outcome.left.retryable || attempt >= 200) {
      if (E.isLeft(outcome) && isLedgerError(outcome.left))
        throw new Error(`device call: ${outcome.left.code}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1 + (attempt % 4)));
  }
};

const openStores = async (ctx: ContractContext) => {
  const harness = ctx.harness();
  if (!harness.connect)
    return { stores: Array<EventStore>(PROCESSES).fill(harness.store), close: async () => {} };
  const connections = await Promise.all(Array.from({ length: PROCESSES }, () => harness.connect!()));
  return {
    stores: connections.map((connection) => connection.store),
    close: async () => void (await Promise.all(connections.map((connection) => connection.close()))),
  };
};

/**
 * Device licenses on a real store with concurrent writers (R13, R16, R20, R21): users licensed first, then the
 * deployment switched to devices, and callers in several processes at once assigning devices, moving users'
 * licenses to devices, importing licenses Apple already holds (a sync's `ImportDeviceLicense`, R9) and wiping
 * devices. Whatever the interleaving the log stays contiguous and the audit over
 * users and devices is clean at every event.
 */
export const devicePoolContract = (ctx: ContractContext, options: { readonly runs?: number } = {}): void => {
  it("R9 R13 R16 R20 R21: concurrent device assignments, imports, moves and wipes from several processes keep the pool exact", async () => {
    const connections = await openStores(ctx);
    let granted = 0;
    try {
      await fc.assert(
        fc.asyncProperty(scenarios, async (scenario) => {
          const { store, snapshots } = ctx.harness();
          const tenant = ctx.streamId("devices");
          const users = Array.from({ length: scenario.users }, (_, i) => `u-${i}`);
          const setup = createVppLedger({ store, snapshots });
          await prepareHotPool(setup, tenant, users, scenario.purchased);
          let n = 0;
          const ctxOf = (what: string) => ({
            commandId: `${tenant}/${what}-${++n}`,
            actor: { kind: "admin" } as const,
          });
          const command = (type: "sync" | "deploy") =>
            type === "sync"
              ? ({
                  type: "SyncPurchasedCount",
                  data: {
                    purchased: scenario.purchased,
                    supportedPlatforms: ["iOS"],
                    deviceAssignable: true,
                    at: AT,
                  },
                } as const)
              : ({ type: "DeployApp", data: { action: "required", licensing: "device", at: AT } } as const);
          for (const userId of users) {
            const assign = { type: "AssignLicense", data: { userId, termsAccepted: true, at: AT } } as const;
            await setup.license(tenant, HOT_APP, assign, ctxOf("assign"));
          }
          await setup.license(tenant, HOT_APP, command("sync"), ctxOf("sync"));
          await setup.license(tenant, HOT_APP, command("deploy"), ctxOf("deploy"));
          const ledgers: VppLedger[] = connections.stores
            .slice(0, scenario.processes)
            .map((connection) => createVppLedger({ store: connection, snapshots, snapshotEvery: 3 }));
          await Promise.all(
            scenario.callers.map(async (calls, caller) => {
              const ledger = ledgers[caller % ledgers.length]!;
              for (const [i, call] of calls.entries()) {
                const context = {
                  commandId: `${tenant}/c${caller}-${i}`,
                  actor: { kind: "device" } as const,
                };
                const serialNumber = `SN${call.serial}`;
                const base = {
                  tenantId: tenant,
                  adamId: HOT_APP,
                  serialNumber,
                  platform: "iOS" as const,
                  at: AT,
                };
                await retried(() =>
                  call.kind === "reclaim"
                    ? ledger.license(
                        tenant,
                        HOT_APP,
                        {
                          type: "ReclaimDeviceLicense",
                          data: { serialNumber, reason: "device-wiped", at: AT },
                        },
                        context,
                      )
                    : call.kind === "import"
                      ? ledger.license(
                          tenant,
                          HOT_APP,
                          { type: "ImportDeviceLicense", data: { serialNumber, at: AT } },
                          { ...context, actor: { kind: "apple-sync", id: "sync" } as const },
                        )
                      : licenseDevice(
                          ledger,
                          call.kind === "move" ? { ...base, fromUserId: `u-${call.user}` } : base,
                          context,
                        ),
                );
              }
            }),
          );
          const recorded = await collect(store.readStream(licenseStreamId(tenant, HOT_APP)));
          expect(recorded.map((event) => event.streamVersion)).toEqual(recorded.map((_, i) => BigInt(i + 1)));
          const events = recorded.map((event) => licenseEvents.decode(event));
          expect(auditMixedPoolEvents(events)).toBeNull();
          granted += events.filter(
            (e) =>
              e.type === "DeviceLicenseAssigned" ||
              e.type === "DeviceLicenseImported" ||
              e.type === "LicenseMovedToDevice",
          ).length;
          const state = License.fold(License.initialState, events);
          expect(state.holders.size + state.devices.size).toBeLessThanOrEqual(scenario.purchased);
        }),
        { numRuns: options.runs ?? 10 },
      );
      expect(granted, "the scenarios granted device licenses").toBeGreaterThan(0);
    } finally {
      await connections.close();
    }
  }, 300_000);
};
