import type { VppAccountEvent } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { linkAccount, SyncScheduler } from "../../src/index.js";
import { HOUR } from "./support/clock.js";
import { type SyncHarness, TENANT } from "./support/harness.js";
import { seeded } from "./support/scenario.js";

/** The location's token (see `seeded`) expires at this instant. */
const EXPIRES = Date.parse("2027-11-25T10:00:00Z");
const DAY = 24 * HOUR;

const schedulerFor = (h: SyncHarness, errors: unknown[] = []) => {
  let n = 0;
  const scheduler = new SyncScheduler({
    ledger: h.ledger,
    clientFor: () => h.client,
    now: h.clock.now,
    newSyncId: () => `sync-${++n}`,
    onError: (error) => errors.push(error),
  });
  scheduler.register(TENANT);
  return scheduler;
};

const healthChanges = async (h: SyncHarness) =>
  (await h.events())
    .map((e) => e.event as VppAccountEvent)
    .filter((event) => event.type === "TokenHealthChanged")
    .map((event) => (event.type === "TokenHealthChanged" ? event.data.health : undefined));

const at = (millis: number) => new Date(millis).toISOString();

describe("SyncScheduler: token health on every tick (R23)", () => {
  it("R23: a tick after the token expired records 'expired', starts no sync and calls Apple nowhere", async () => {
    const h = await seeded();
    const scheduler = schedulerFor(h);
    h.clock.set(at(EXPIRES + HOUR));
    h.sim.clearLogs();

    const synced = await scheduler.tick();

    expect(synced).toEqual([]);
    expect((await h.ledger.loadAccount(TENANT)).state.tokenHealth).toBe("expired");
    expect((await healthChanges(h)).at(-1)).toBe("expired");
    expect(h.sim.requests).toEqual([]);
  });

  it("R23: an account with no token yet records nothing and reports no error", async () => {
    const h = await seeded();
    const errors: unknown[] = [];
    const scheduler = schedulerFor(h, errors);
    scheduler.register("beta");
    const before = (await h.events()).length;

    await scheduler.tick();

    expect((await h.ledger.loadAccount("beta")).state.link).toBeNull();
    expect((await h.events()).slice(before).filter((e) => e.tenantId === "beta")).toEqual([]);
    expect(errors).toEqual([]);
  });

  it("R23: each crossing is recorded once however many ticks see it, on one day or the next", async () => {
    const h = await seeded();
    const errors: unknown[] = [];
    const scheduler = schedulerFor(h, errors);
    const times = [
      EXPIRES - 40 * DAY,
      EXPIRES - 29 * DAY,
      EXPIRES - 29 * DAY + HOUR,
      EXPIRES - 28 * DAY,
      EXPIRES - 14 * DAY,
      EXPIRES + HOUR,
      EXPIRES + 2 * HOUR,
      EXPIRES + DAY,
    ];
    for (const time of times) {
      h.clock.set(at(time));
      await scheduler.tick();
    }

    expect((await healthChanges(h)).filter((health) => health !== "ok")).toEqual([
      "expiring-30d",
      "expiring-15d",
      "expired",
    ]);
    expect(errors).toEqual([]);
  });

  it("R23: expired in the morning and renewed the same day: the next tick records 'ok' (no id clash)", async () => {
    const h = await seeded();
    const errors: unknown[] = [];
    const scheduler = schedulerFor(h, errors);
    h.clock.set(at(EXPIRES + HOUR));
    await scheduler.tick();
    const renewed = h.loc.renewToken({ expiresAt: "2028-11-25T10:00:00Z" });
    h.clock.set(at(EXPIRES + 2 * HOUR));
    const linked = await linkAccount(
      { ledger: h.ledger, vault: h.vault },
      {
        tenantId: TENANT,
        tokenFile: renewed.vppTokenFile(),
        tokenName: "ACME token",
        appleId: "admin@acme.example",
        acknowledgedSingleAccount: true,
        at: h.clock.now(),
      },
      { commandId: "renew-1", actor: { kind: "admin", id: "admin-1" } },
    );
    expect(E.isRight(linked)).toBe(true);
    h.clock.set(at(EXPIRES + 3 * HOUR));

    const synced = await scheduler.tick();

    expect((await healthChanges(h)).slice(-2)).toEqual(["expired", "ok"]);
    expect((await h.ledger.loadAccount(TENANT)).state.tokenHealth).toBe("ok");
    expect(errors).toEqual([]);
    // The renewed token may talk to Apple again: the same tick syncs the account.
    expect(synced.map((sync) => E.isRight(sync.result) && sync.result.right.status)).toEqual(["succeeded"]);
  });
});
