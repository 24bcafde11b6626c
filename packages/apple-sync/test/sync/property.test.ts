import { type AppleSimulator, type SimLocation, startAppleSimulator } from "@vpp-ledger/apple-simulator";
import {
  createVppLedger,
  InMemoryCheckpointStore,
  InMemoryEventStore,
  InMemoryParkedStreamStore,
  requestInstall,
  type VppLedger,
} from "@vpp-ledger/core";
import fc from "fast-check";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import {
  appleAccountId,
  createAppleClient,
  createVirtualClock,
  deliverOutbound,
  InMemoryTokenVault,
  linkAccount,
  syncAccount,
} from "../../src/index.js";
import { testClock } from "./support/clock.js";
import { FAST_RETRY, OUR_MDM, onTestEnd, TENANT } from "./support/harness.js";
import { type World, worlds } from "./support/property-world.js";

const admin = (commandId: string) => ({ commandId, actor: { kind: "admin" as const } });

/** Retries `attempt` until it says done; a world that never settles fails the property. */
const until = async (what: string, attempt: () => Promise<boolean>): Promise<void> => {
  for (let i = 0; i < 25; i++) if (await attempt()) return;
  throw new Error(`${what} did not settle after 25 attempts`);
};

/** Sets up the world at Apple and in a fresh ledger, then runs the host's loop: deliver, sync, install, deliver, sync. */
const play = async (sim: AppleSimulator, world: World) => {
  const loc: SimLocation = sim.addLocation({ orgName: "Property School", expiresAt: "2027-11-25T10:00:00Z" });
  for (const app of world.apps)
    loc.addAsset({ adamId: app.adamId, totalCount: app.totalCount, free: app.free });
  for (const user of world.foreign) {
    loc.addForeignUser({
      clientUserId: user.clientUserId,
      status: user.associated ? "Associated" : "Registered",
    });
  }
  for (const [u, a] of world.foreignAssignments) {
    const { adamId } = world.apps[a] ?? {};
    const clientUserId = world.foreign[u]?.clientUserId;
    const asset = loc.state().assets.find((x) => x.adamId === adamId);
    const taken = loc.state().assignments.some((x) => x.adamId === adamId && x.clientUserId === clientUserId);
    if (adamId && clientUserId && asset && asset.availableCount > 0 && !taken)
      loc.addForeignAssignment({ adamId, clientUserId });
  }
  const ledger: VppLedger = createVppLedger({ store: new InMemoryEventStore() });
  const vault = new InMemoryTokenVault();
  const clock = testClock();
  // Apple's waits (Retry-After, backoff, status polls) pass in virtual time: seconds of waiting, no wall time.
  const client = createAppleClient({
    vault,
    accountId: appleAccountId(TENANT),
    baseUrl: sim.baseUrl,
    mdmInfo: OUR_MDM,
    retry: FAST_RETRY,
    clock: createVirtualClock(),
  });
  const link = await linkAccount(
    { ledger, vault },
    {
      tenantId: TENANT,
      tokenFile: loc.vppTokenFile(),
      tokenName: "t",
      appleId: "a@b.c",
      acknowledgedSingleAccount: true,
      at: clock.now(),
    },
    admin("link"),
  );
  expect(E.isRight(link)).toBe(true);
  for (const user of world.ours) {
    await ledger.account(
      TENANT,
      { type: "InviteUser", data: { userId: user.userId, at: clock.now() } },
      admin(`invite-${user.userId}`),
    );
  }
  for (const spec of world.faults) sim.injectFault(spec);

  const checkpoints = new InMemoryCheckpointStore();
  const parked = new InMemoryParkedStreamStore();
  const deps = { ledger, clientFor: () => client, now: clock.now, pollIntervalMs: 1_000 };
  const deliver = () =>
    until(
      "delivery",
      async () => (await deliverOutbound(deps, { checkpoints, parked })).stopped === undefined,
    );
  let syncs = 0;
  const sync = () =>
    until("sync", async () => {
      const outcome = await syncAccount(
        { ledger, client, now: clock.now },
        { tenantId: TENANT, syncId: `s-${++syncs}`, trigger: "schedule", at: clock.now() },
      );
      return E.isRight(outcome) && outcome.right.status === "succeeded";
    });

  await deliver();
  for (const user of world.ours) if (user.accepts) loc.acceptInvitation(user.userId);
  await sync();
  for (const [u, a] of world.installs) {
    const userId = world.ours[u]?.userId ?? "";
    const adamId = world.apps[a]?.adamId ?? "";
    await ledger.license(
      TENANT,
      adamId,
      { type: "DeployApp", data: { action: "required", at: clock.now() } },
      admin(`deploy-${adamId}`),
    );
    await requestInstall(
      ledger,
      { tenantId: TENANT, adamId, userId, at: clock.now() },
      admin(`install-${u}-${a}`),
    );
  }
  await deliver();
  await sync();
  return { loc, ledger };
};

describe("sync and outbound delivery, property", () => {
  it("R9, R11, R13, R16: whatever Apple holds and whatever faults it injects, the ledger ends up agreeing with Apple", async () => {
    const sim = await startAppleSimulator({ maxRequestPerSecond: 100_000 });
    onTestEnd(() => sim.close());
    await fc.assert(
      fc.asyncProperty(worlds, async (world) => {
        sim.clearFaults();
        const { loc, ledger } = await play(sim, world);
        const apple = loc.state();
        const ours = new Set(world.ours.map((u) => u.userId));
        for (const asset of apple.assets) {
          const pool = (await ledger.loadLicense(TENANT, asset.adamId)).state;
          expect(pool.purchased).toBe(asset.totalCount);
          const atApple = apple.assignments
            .filter(
              (x) => x.adamId === asset.adamId && x.clientUserId !== undefined && ours.has(x.clientUserId),
            )
            .map((x) => x.clientUserId)
            .sort();
          expect([...pool.holders.keys()].sort()).toEqual(atApple);
          expect(pool.holders.size).toBeLessThanOrEqual(pool.purchased);
        }
        const { users } = (await ledger.loadAccount(TENANT)).state;
        for (const foreign of world.foreign) expect(users.has(foreign.clientUserId)).toBe(false);
        for (const user of world.ours)
          expect(users.get(user.userId)).toBe(user.accepts ? "accepted" : "invited");
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
