import { expect, it } from "vitest";
import { LogProcessor } from "../../processing/log-processor.js";
import { appendPool, failingOnce, headMarker, increasing, poolEvent, recordingSink } from "./fixtures.js";
import type { ProcessorContext } from "./harness.js";

/** Every event once, in order, from the checkpoint on; what a crash costs with a checkpoint saved after the handler. */
export const deliveryContract = (ctx: ProcessorContext): void => {
  it("catches up every ledger event once, in log order, whatever the batch size", async () => {
    const { store, checkpoints, parked } = ctx.harness();
    const [a, b] = [ctx.tenant("order-a"), ctx.tenant("order-b")];
    for (const [index, batchSize] of [1, 3, 50].entries()) {
      const name = `${a}-catch-up-${index}`;
      await checkpoints.save(name, await headMarker(store, name));
      await appendPool(store, a, 1 + index * 4, 2);
      await appendPool(store, b, 1 + index * 4, 2);
      const target = recordingSink(name, checkpoints, [a, b]);
      const last = await appendPool(store, a, 3 + index * 4, 2);
      const result = await new LogProcessor({ name, store, sink: target.sink, parked, batchSize }).pass();
      expect(target.seen).toHaveLength(6);
      expect(new Set(target.ids()).size).toBe(6);
      expect(increasing(target.seen.map((event) => event.place.globalPosition))).toBe(true);
      expect(result.position).toBe(last);
      expect(await checkpoints.load(name)).toBe(last);
    }
  });

  it("resumes from its checkpoint after a restart: nothing before it is delivered again", async () => {
    const { store, checkpoints, parked } = ctx.harness();
    const tenant = ctx.tenant("restart");
    const name = `${tenant}-restart`;
    await checkpoints.save(name, await headMarker(store, name));
    await appendPool(store, tenant, 1, 3);
    const first = recordingSink(name, checkpoints, [tenant]);
    await new LogProcessor({ name, store, sink: first.sink, parked, batchSize: 2 }).pass();
    await appendPool(store, tenant, 4, 2);
    const second = recordingSink(name, checkpoints, [tenant]);
    await new LogProcessor({ name, store, sink: second.sink, parked, batchSize: 2 }).pass();
    expect(first.seen.map((event) => event.event.data)).toHaveLength(3);
    expect(second.seen.map((event) => event.place.streamVersion)).toEqual([4n, 5n]);
  });

  it("at-least-once with a checkpoint saved after the handler: a crash in between delivers that batch again, never loses it", async () => {
    const { store, checkpoints, parked } = ctx.harness();
    const tenant = ctx.tenant("crash");
    const name = `${tenant}-crash`;
    await checkpoints.save(name, await headMarker(store, name));
    await appendPool(store, tenant, 1, 6);
    const failing = failingOnce(checkpoints);
    const target = recordingSink(name, failing.store, [tenant]);
    const processor = () => new LogProcessor({ name, store, sink: target.sink, parked, batchSize: 2 });
    await processor().pass();
    await appendPool(store, tenant, 7, 4);
    failing.arm();
    await expect(processor().pass()).rejects.toThrow("crash before the checkpoint");
    await processor().pass();
    const versions = target.seen.map((event) => Number(event.place.streamVersion));
    // Events 7 and 8 were handled, then the checkpoint save failed: they come again, and nothing is missing.
    expect(versions).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 7, 8, 9, 10]);
  });

  it.runIf(ctx.guarantees.delivery === "exactly-once")(
    "exactly-once where the sink commits with its checkpoint: a crash inside the transaction leaves nothing, the retry applies each event once",
    async () => {
      const harness = ctx.harness();
      const { store, parked } = harness;
      const tenant = ctx.tenant("exactly-once");
      const name = `${tenant}-exactly-once`;
      const target = await harness.exactlyOnceSink!(name);
      await harness.checkpoints.save(name, await headMarker(store, name));
      await appendPool(store, tenant, 1, 7);
      const processor = () => new LogProcessor({ name, store, sink: target.sink, parked, batchSize: 3 });
      await processor().pass();
      await appendPool(store, tenant, 8, 5);
      target.failNextCommit();
      await expect(processor().pass()).rejects.toThrow();
      await processor().pass();
      const expected = Array.from({ length: 12 }, (_, index) => poolEvent(tenant, index + 1).id);
      expect(await target.recorded()).toEqual(expected);
    },
  );
};
