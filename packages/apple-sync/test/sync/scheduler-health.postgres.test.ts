import type { VppAccountEvent } from "@vpp-ledger/core";
import { describe, expect, it } from "vitest";
import { SyncScheduler } from "../../src/index.js";
import { backends } from "./support/backends.js";
import { HOUR } from "./support/clock.js";
import { type SyncHarness, TENANT } from "./support/harness.js";
import { seeded } from "./support/scenario.js";

/** The location's token (see `seeded`) expires at this instant. */
const EXPIRES = Date.parse("2027-11-25T10:00:00Z");

const schedulerFor = (h: SyncHarness, name: string, errors: unknown[]) => {
  const scheduler = new SyncScheduler({
    ledger: h.ledger,
    clientFor: () => h.client,
    now: h.clock.now,
    newSyncId: () => `sync-${name}`,
    onError: (error) => errors.push(error),
  });
  scheduler.register(TENANT);
  return scheduler;
};

describe.each(backends)("SyncScheduler token health on $name", ({ setup }) => {
  const open = setup();

  it("R23: two host processes ticking at once after the token expired record 'expired' once", async () => {
    const storage = await open();
    const h = await seeded({ store: storage.store, snapshots: storage.snapshots });
    const errors: unknown[] = [];
    const processes = ["a", "b", "c"].map((name) => schedulerFor(h, name, errors));
    h.clock.set(new Date(EXPIRES + HOUR).toISOString());

    await Promise.all(processes.map((scheduler) => scheduler.tick()));
    h.clock.set(new Date(EXPIRES + 2 * HOUR).toISOString());
    await Promise.all(processes.map((scheduler) => scheduler.tick()));

    const changes = (await h.events())
      .map((e) => e.event as VppAccountEvent)
      .flatMap((event) => (event.type === "TokenHealthChanged" ? [event.data.health] : []));
    expect(changes.filter((health) => health === "expired")).toEqual(["expired"]);
    expect((await h.ledger.loadAccount(TENANT)).state.tokenHealth).toBe("expired");
    expect(errors).toEqual([]);
  });
});
