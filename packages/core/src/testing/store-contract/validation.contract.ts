import { expect, it } from "vitest";
import type { EventToAppend } from "../../store/port.js";
import { collect } from "./collect.js";
import { contractEvent, contractEvents, logHead, ofStreams } from "./fixtures.js";
import type { ContractContext } from "./harness.js";

/** Bad input is refused before anything is written, and nobody can change a stored event afterwards. */
export const validationContract = (ctx: ContractContext): void => {
  it("a batch with one malformed event is refused whole, with a TypeError or RangeError saying what is wrong", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("malformed");
    const head = await logHead(store, ctx.streamId("malformed-head"));
    const good = contractEvents(id, 1, 2);
    const broken: ReadonlyArray<[EventToAppend, ErrorConstructor]> = [
      [{ ...contractEvent(id, 3), id: "not-a-uuid" }, TypeError],
      [{ ...contractEvent(id, 3), id: contractEvent(id, 3).id.toUpperCase() }, TypeError],
      [{ ...contractEvent(id, 3), type: "" }, TypeError],
      [{ ...contractEvent(id, 3), schemaVersion: 0 }, RangeError],
      [{ ...contractEvent(id, 3), data: { amount: 1n } }, TypeError],
      [{ ...contractEvent(id, 3), data: undefined }, TypeError],
      [
        {
          ...contractEvent(id, 3),
          metadata: { ...contractEvent(id, 3).metadata, tenantId: 7 as unknown as string },
        },
        TypeError,
      ],
    ];
    for (const [event, errorType] of broken) {
      await expect(store.appendToStream(id, [...good, event])).rejects.toThrow(errorType);
    }
    expect(await store.streamVersion(id)).toBe(0n);
    expect(ofStreams(await collect(store.readAll({ after: head })), [id])).toEqual([]);
  });

  it("a malformed expected version, stream id or read option is refused", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("bad-options");
    const event = [contractEvent(id, 1)];
    await expect(store.appendToStream(id, event, { expectedVersion: -1n })).rejects.toThrow(RangeError);
    await expect(store.appendToStream(id, event, { expectedVersion: "nope" as "any" })).rejects.toThrow(
      TypeError,
    );
    await expect(store.appendToStream("", event)).rejects.toThrow(TypeError);
    await expect(async () => collect(store.readStream(id, { batchSize: 0 }))).rejects.toThrow(RangeError);
    await expect(async () => collect(store.readStream(id, { after: -1n }))).rejects.toThrow(RangeError);
    await expect(async () => collect(store.readAll({ batchSize: 1.5 }))).rejects.toThrow(RangeError);
    expect(await store.streamVersion(id)).toBe(0n);
  });

  it("changing an appended or read event object does not change the stored event", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("isolated");
    const event = contractEvent(id, 1, { list: [1, 2] });
    await store.appendToStream(id, [event]);
    (event.data as { list: number[] }).list.push(3);
    const [read] = await collect(store.readStream(id));
    try {
      (read!.data as { list: number[] }).list.push(4);
    } catch {
      // A store may hand out frozen events: refusing the change is as good as ignoring it.
    }
    const [again] = await collect(store.readStream(id));
    expect(again!.data).toEqual({ list: [1, 2] });
  });
};
