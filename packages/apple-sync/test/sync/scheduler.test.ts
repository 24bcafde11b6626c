import { defaultVppAccountPolicy } from "@vpp-ledger/core";
import * as E from "fp-ts/lib/Either.js";
import { describe, expect, it } from "vitest";
import { type SchedulerTimers, SyncScheduler, type SyncSchedulerOptions } from "../../src/index.js";
import { HOUR } from "./support/clock.js";
import { type HarnessOptions, type SyncHarness, TENANT, typesOf } from "./support/harness.js";
import { seeded } from "./support/scenario.js";

const schedulerFor = (h: SyncHarness, extra: Partial<SyncSchedulerOptions> = {}) => {
  let n = 0;
  const scheduler = new SyncScheduler({
    ledger: h.ledger,
    clientFor: () => h.client,
    now: h.clock.now,
    newSyncId: () => `sync-${++n}`,
    ...extra,
  });
  scheduler.register(TENANT);
  return scheduler;
};

const started = async (h: SyncHarness) =>
  typesOf(await h.events()).filter((type) => type === "SyncStarted").length;

/** Interval timers fired by the test. */
const manualTimers = () => {
  const callbacks = new Map<number, () => void>();
  let next = 0;
  const timers: SchedulerTimers & { fire(): void; readonly active: number } = {
    setInterval: (callback) => {
      callbacks.set(++next, callback);
      return next;
    },
    clearInterval: (handle) => callbacks.delete(handle as number),
    fire: () => {
      for (const callback of callbacks.values()) callback();
    },
    get active() {
      return callbacks.size;
    },
  };
  return timers;
};

describe("SyncScheduler", () => {
  it("R7: two concurrent 'Sync now' for one account: one runs, the other is refused", async () => {
    const h = await seeded();
    const scheduler = schedulerFor(h);

    const [first, second] = await Promise.all([scheduler.syncNow(TENANT), scheduler.syncNow(TENANT)]);

    expect(E.isRight(first) && first.right.status).toBe("succeeded");
    expect(E.isLeft(second) && second.left.code).toBe("sync-in-progress");
    expect(await started(h)).toBe(1);
  });

  it("R7: across two processes, the ledger refuses the second sync while the first runs", async () => {
    const h = await seeded({ simulator: { latencyMs: 30 } } satisfies HarnessOptions);
    const processA = schedulerFor(h);
    const processB = schedulerFor(h, { newSyncId: () => "sync-b" });

    const running = processA.syncNow(TENANT);
    await new Promise((resolve) => setTimeout(resolve, 10));
    const refused = await processB.syncNow(TENANT);

    expect(E.isLeft(refused) && refused.left.code).toBe("sync-in-progress");
    expect(E.isRight(await running)).toBe(true);
    expect(await started(h)).toBe(1);
  });

  it("R7: syncs right after linking, then every 12 hours", async () => {
    const h = await seeded();
    const scheduler = schedulerFor(h);
    const ticks: number[] = [];
    for (const hours of [0, 1, 11, 12, 18, 23.9, 24]) {
      h.clock.set(new Date(Date.parse("2026-06-01T09:00:00Z") + hours * HOUR).toISOString());
      ticks.push((await scheduler.tick()).length);
    }
    expect(ticks).toEqual([1, 0, 0, 1, 0, 0, 1]);
  });

  it("R7: the interval follows the account policy", async () => {
    const policy = { ...defaultVppAccountPolicy, syncIntervalHours: 6 };
    const h = await seeded({ policy });
    const scheduler = schedulerFor(h, { policy });
    const ticks: number[] = [];
    for (const hours of [0, 5, 6, 12]) {
      h.clock.set(new Date(Date.parse("2026-06-01T09:00:00Z") + hours * HOUR).toISOString());
      ticks.push((await scheduler.tick()).length);
    }
    expect(ticks).toEqual([1, 0, 1, 1]);
  });

  it("R5, R6: no scheduled sync while the token is revoked or the location claimed", async () => {
    const h = await seeded();
    const scheduler = schedulerFor(h);
    h.loc.revokeToken();
    await scheduler.tick();
    h.sim.clearLogs();
    h.clock.advance(13 * HOUR);

    expect(await scheduler.tick()).toEqual([]);
    expect(h.sim.requests).toEqual([]);
  });

  it("R7: started with injected timers, each firing ticks once; stop waits and clears the timer", async () => {
    const h = await seeded();
    const timers = manualTimers();
    const settled: string[] = [];
    const scheduler = schedulerFor(h, { timers, onSettled: (sync) => settled.push(sync.trigger) });

    scheduler.start({ intervalMs: 60_000 });
    timers.fire();
    timers.fire();
    await scheduler.stop();

    expect(settled).toEqual(["schedule"]);
    expect(timers.active).toBe(0);
  });

  it("a sync in flight is not started again by a tick", async () => {
    const h = await seeded({ simulator: { latencyMs: 20 } });
    const scheduler = schedulerFor(h);

    const manual = scheduler.syncNow(TENANT);
    const ticked = await scheduler.tick();
    await manual;

    expect(ticked).toEqual([]);
    expect(await started(h)).toBe(1);
  });
});
