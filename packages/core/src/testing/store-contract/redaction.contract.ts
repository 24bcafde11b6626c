import { expect, it } from "vitest";
import { collect } from "./collect.js";
import { contractEvents } from "./fixtures.js";
import type { ContractContext } from "./harness.js";

/**
 * `redactEvent` (optional): erasing personal data rewrites one event's data in place and nothing else. Adapters
 * without it skip these tests, and `eraseAppleId` refuses with `erasure-unsupported` on them.
 */
export const redactionContract = (ctx: ContractContext): void => {
  it("redactEvent replaces one event's data and keeps its id, type, versions, position and metadata", async (test) => {
    const { store } = ctx.harness();
    if (!store.redactEvent) return test.skip("the adapter does not implement redactEvent");
    const streamId = ctx.streamId("redact");
    await store.appendToStream(streamId, contractEvents(streamId, 1, 3), { expectedVersion: "no_stream" });
    const before = await collect(store.readStream(streamId));
    const target = before[1]!;

    expect(await store.redactEvent(streamId, target.id, { erased: true })).toBe(true);

    const after = await collect(store.readStream(streamId));
    expect(after.map((e) => e.data)).toEqual([before[0]!.data, { erased: true }, before[2]!.data]);
    expect(after.map(({ data: _, ...rest }) => rest)).toEqual(before.map(({ data: _, ...rest }) => rest));
    const inLog = (await collect(store.readAll({ after: target.globalPosition - 1n }))).find(
      (e) => e.id === target.id,
    );
    expect(inLog?.data).toEqual({ erased: true });
    expect(await store.streamVersion(streamId)).toBe(3n);
  });

  it("redactEvent answers false for an event of another stream or an unknown id, changing nothing", async (test) => {
    const { store } = ctx.harness();
    if (!store.redactEvent) return test.skip("the adapter does not implement redactEvent");
    const streamId = ctx.streamId("redact-a");
    const other = ctx.streamId("redact-b");
    await store.appendToStream(streamId, contractEvents(streamId, 1, 1), { expectedVersion: "no_stream" });
    const [event] = await collect(store.readStream(streamId));
    expect(await store.redactEvent(other, event!.id, { erased: true })).toBe(false);
    expect(await store.redactEvent(streamId, "00000000-0000-4000-8000-000000000000", { erased: true })).toBe(
      false,
    );
    expect((await collect(store.readStream(streamId)))[0]?.data).toEqual(event!.data);
  });
};
