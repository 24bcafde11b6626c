import { expect, it } from "vitest";
import { licenseStreamId } from "../../license/index.js";
import { LiveProcessor } from "../../processing/live-processor.js";
import { LogProcessor } from "../../processing/log-processor.js";
import { appendPool, eventually, headMarker, increasing, poolEvent, recordingSink } from "./fixtures.js";
import type { ProcessorContext } from "./harness.js";

/** Following the log as it grows: late commits, signals, and the lag figure. */
export const liveContract = (ctx: ProcessorContext): void => {
  it("never skips a late commit: a live processor tailing concurrent writers gets every event once, in position order", async () => {
    const harness = ctx.harness();
    const { store, checkpoints, parked } = harness;
    const tenants = [0, 1, 2, 3].map((i) => ctx.tenant(`tail-${i}`));
    const name = `${tenants[0]}-tail`;
    await checkpoints.save(name, await headMarker(store, name));
    const target = recordingSink(name, checkpoints, tenants);
    const live = new LiveProcessor(
      new LogProcessor({ name, store, sink: target.sink, parked, batchSize: 4 }),
      {
        pollIntervalMs: 5,
        ...(harness.wakeup === undefined ? {} : { wakeup: harness.wakeup }),
      },
    );
    live.start();
    // Where the store has transactions, one append stays open while the others commit after it drew its place.
    const held = await harness.holdAppend?.(
      licenseStreamId(tenants[0]!, "2002"),
      [poolEvent(tenants[0]!, 1, "2002")],
      "no_stream",
    );
    const writes = Promise.all(tenants.map((tenant, i) => appendPool(store, tenant, 1, 8 + i)));
    // Writers behind an append lock wait for the held append; elsewhere they commit around it meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await held?.commit();
    await writes;
    const total = 8 + 9 + 10 + 11 + (held === undefined ? 0 : 1);
    await eventually(() => target.seen.length >= total);
    await live.stop();
    expect(new Set(target.ids()).size).toBe(total);
    expect(target.seen).toHaveLength(total);
    expect(increasing(target.seen.map((event) => event.place.globalPosition))).toBe(true);
  });

  it("reports its lag: the head's distance and the age of the first unprocessed event, 0 once caught up", async () => {
    const { store, checkpoints, parked } = ctx.harness();
    if (store.headPosition === undefined) return;
    const tenant = ctx.tenant("lag");
    const name = `${tenant}-lag`;
    await checkpoints.save(name, await headMarker(store, name));
    const target = recordingSink(name, checkpoints, [tenant]);
    const live = new LiveProcessor(new LogProcessor({ name, store, sink: target.sink, parked }), {
      pollIntervalMs: 60_000,
      now: () => new Date("2026-12-01T09:00:30Z"),
    });
    const last = await appendPool(store, tenant, 1, 3);
    expect(await store.headPosition()).toBe(last);
    const behind = await live.lag();
    expect(behind.events).toBeGreaterThan(0n);
    expect(behind.seconds).toBe(30);
    live.start();
    await eventually(() => target.seen.length === 3);
    await live.stop();
    expect(await live.lag()).toEqual({ events: 0n, seconds: 0, position: last });
  });

  it("wakes on an append's signal without waiting for its poll, where the store signals", async () => {
    const { store, checkpoints, parked, wakeup } = ctx.harness();
    if (wakeup === undefined) return;
    const tenant = ctx.tenant("wakeup");
    const name = `${tenant}-wakeup`;
    await checkpoints.save(name, await headMarker(store, name));
    const target = recordingSink(name, checkpoints, [tenant]);
    const live = new LiveProcessor(new LogProcessor({ name, store, sink: target.sink, parked }), {
      wakeup,
      pollIntervalMs: 600_000,
    });
    live.start();
    for (let n = 1; n <= 3; n++) {
      await appendPool(store, tenant, n, 1);
      await eventually(() => target.seen.length === n, 5_000);
    }
    await live.stop();
  });
};
