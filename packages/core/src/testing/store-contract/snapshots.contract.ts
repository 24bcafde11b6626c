import { expect, it } from "vitest";
import type { StoredSnapshot } from "../../store/port.js";
import type { ContractContext } from "./harness.js";

const snapshot = (
  streamId: string,
  streamVersion: bigint,
  state: unknown,
  schemaVersion = 1,
): StoredSnapshot => ({
  streamId,
  streamVersion,
  schemaVersion,
  state,
});

/** The latest snapshot per stream: round trip, newest wins, callers cannot change what is stored. */
export const snapshotsContract = (ctx: ContractContext): void => {
  it("a saved snapshot loads back exactly; a stream without one loads undefined", async () => {
    const { snapshots } = ctx.harness();
    const id = ctx.streamId("snapshot");
    expect(await snapshots.load(id)).toBeUndefined();
    const saved = snapshot(id, 42n, { total: 7, names: ["é", "😀"], nested: { on: true, none: null } }, 3);
    await snapshots.save(saved);
    expect(await snapshots.load(id)).toEqual(saved);
    expect(await snapshots.load(ctx.streamId("snapshot-other"))).toBeUndefined();
  });

  it("an older snapshot never replaces a newer one; one at the same or a higher version does", async () => {
    const { snapshots } = ctx.harness();
    const id = ctx.streamId("snapshot-newest");
    await snapshots.save(snapshot(id, 10n, { v: 10 }));
    await snapshots.save(snapshot(id, 5n, { v: 5 }));
    expect(await snapshots.load(id)).toEqual(snapshot(id, 10n, { v: 10 }));
    await snapshots.save(snapshot(id, 10n, { v: "10 again" }, 2));
    expect(await snapshots.load(id)).toEqual(snapshot(id, 10n, { v: "10 again" }, 2));
    await snapshots.save(snapshot(id, 11n, { v: 11 }));
    expect(await snapshots.load(id)).toEqual(snapshot(id, 11n, { v: 11 }));
  });

  it("changing a saved or loaded state object does not change the stored snapshot", async () => {
    const { snapshots } = ctx.harness();
    const id = ctx.streamId("snapshot-isolated");
    const state = { list: [1, 2] };
    await snapshots.save(snapshot(id, 1n, state));
    state.list.push(3);
    const loaded = await snapshots.load(id);
    try {
      (loaded!.state as { list: number[] }).list.push(4);
    } catch {
      // A store may hand out frozen objects: refusing the change is as good as ignoring it.
    }
    expect(await snapshots.load(id)).toEqual(snapshot(id, 1n, { list: [1, 2] }));
  });

  it("a malformed snapshot is rejected", async () => {
    const { snapshots } = ctx.harness();
    const id = ctx.streamId("snapshot-malformed");
    await expect(snapshots.save(snapshot(id, 0n, {}))).rejects.toThrow(RangeError);
    await expect(snapshots.save(snapshot(id, 1n, {}, 0))).rejects.toThrow(RangeError);
    await expect(snapshots.save(snapshot(id, 1n, { n: 1n }))).rejects.toThrow(TypeError);
    expect(await snapshots.load(id)).toBeUndefined();
  });
};
