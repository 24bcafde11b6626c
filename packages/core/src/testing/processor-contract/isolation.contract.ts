import { expect, it } from "vitest";
import { licenseStreamId } from "../../license/index.js";
import { LeasedProcessor } from "../../processing/leased-processor.js";
import { LogProcessor } from "../../processing/log-processor.js";
import { appendPool, eventually, headMarker, poolEvent, recordingSink } from "./fixtures.js";
import type { ProcessorContext } from "./harness.js";

/** One poisoned stream, and several processes: what stops nothing else, and what runs once. */
export const isolationContract = (ctx: ProcessorContext): void => {
  it("R24: an undecodable event parks only its own stream; every other tenant is processed", async () => {
    const { store, checkpoints, parked } = ctx.harness();
    const [good, bad] = [ctx.tenant("healthy"), ctx.tenant("poisoned")];
    const name = `${good}-parking`;
    await checkpoints.save(name, await headMarker(store, name));
    await appendPool(store, good, 1, 1);
    await store.appendToStream(licenseStreamId(bad, "1001"), [
      { ...poolEvent(bad, 1), data: { purchased: "ten" } },
      poolEvent(bad, 2),
    ]);
    await appendPool(store, good, 2, 1);
    const target = recordingSink(name, checkpoints, [good, bad]);
    const result = await new LogProcessor({ name, store, sink: target.sink, parked }).pass();
    expect(target.seen.map((event) => event.tenantId)).toEqual([good, good]);
    expect((await parked.list(name)).map((entry) => [entry.streamId, entry.streamVersion])).toEqual([
      [licenseStreamId(bad, "1001"), 1n],
    ]);
    expect(result.parked).toHaveLength(1);
  });

  it("two leased processors: one runs at a time, the standby takes over after a stop, each event once", async () => {
    const harness = ctx.harness();
    const { store, checkpoints, parked, leases } = harness;
    if (leases === undefined) return;
    const tenant = ctx.tenant("leased");
    const name = `${tenant}-leased`;
    await checkpoints.save(name, await headMarker(store, name));
    const target = harness.exactlyOnceSink === undefined ? undefined : await harness.exactlyOnceSink(name);
    const recording = recordingSink(name, checkpoints, [tenant]);
    const sink = target?.sink ?? recording.sink;
    const committed = async () => (target === undefined ? recording.ids() : await target.recorded());
    const leased = (owner: string) =>
      new LeasedProcessor(
        { name, store, sink, parked, batchSize: 2 },
        { leases, owner, ttlMs: 2_000, pollIntervalMs: 5 },
      );
    const [a, b] = [leased(`${tenant}-a`), leased(`${tenant}-b`)];
    a.start();
    await eventually(() => a.lease !== undefined);
    b.start();
    await appendPool(store, tenant, 1, 5);
    await eventually(async () => (await committed()).length === 5);
    expect(b.lease).toBeUndefined();
    await a.stop();
    await appendPool(store, tenant, 6, 3);
    await eventually(async () => (await committed()).length === 8);
    expect(b.lease?.epoch).toBeGreaterThan(0n);
    await b.stop();
    expect(new Set(await committed()).size).toBe(8);
  });
};
