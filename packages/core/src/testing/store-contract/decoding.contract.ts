import { expect, it } from "vitest";
import { decodeRecordedEvent } from "../../app/decode-event.js";
import { loadAggregate } from "../../app/load-aggregate.js";
import { eventIdFor } from "../../store/event-id.js";
import type { EventToAppend } from "../../store/port.js";
import { collect } from "./collect.js";
import { counterAggregate, counterEvents } from "./counter.js";
import { contentOf, contractEvent, contractMetadata } from "./fixtures.js";
import type { ContractContext } from "./harness.js";

const at = "2026-03-01T09:00:00.000Z";

/** A raw stored counter event, as some older (or broken) writer left it. */
const raw = (
  streamId: string,
  n: number,
  type: string,
  schemaVersion: number,
  data: unknown,
): EventToAppend => ({
  id: eventIdFor(streamId, n),
  type,
  schemaVersion,
  data,
  metadata: contractMetadata(n),
});

/** What the store keeps must decode back through the catalog: exact JSON, old schema versions, corrupt rows. */
export const decodingContract = (ctx: ContractContext): void => {
  it("stores data and metadata exactly: nesting, unicode, numbers, null, empty containers", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("fidelity");
    const data = {
      text: 'Élodie 😀 "quoted" \\ back\nslash',
      numbers: [0, -1, 1.5, 9007199254740991, -2.5e-7],
      flags: [true, false, null],
      empty: { list: [], object: {} },
      deep: { a: { b: { c: [1, { d: "e" }] } } },
    };
    const event = {
      ...contractEvent(id, 1, data),
      metadata: { ...contractMetadata(1), actor: { kind: "device" as const } },
    };
    await store.appendToStream(id, [event]);
    expect((await collect(store.readStream(id))).map(contentOf)).toEqual([contentOf(event)]);
  });

  it("upcasting: an event stored at an old schema version reads back as stored and decodes to the current shape", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("upcast");
    await store.appendToStream(id, [
      raw(id, 1, "Incremented", 1, { by: 3, at }),
      raw(id, 2, "Incremented", 2, { amount: 4, at }),
    ]);
    const [old, current] = await collect(store.readStream(id));
    expect(old).toMatchObject({ schemaVersion: 1, data: { by: 3, at } });
    expect(decodeRecordedEvent(counterEvents, old!)).toEqual({
      type: "Incremented",
      data: { amount: 3, at },
    });
    expect(decodeRecordedEvent(counterEvents, current!)).toEqual({
      type: "Incremented",
      data: { amount: 4, at },
    });
    expect(await loadAggregate({ store }, counterAggregate(), id)).toEqual({
      state: { total: 7, increments: 2 },
      version: 2n,
    });
  });

  it("corrupt stored data is a CorruptEvent naming stream, version, type and field", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("corrupt");
    await store.appendToStream(id, [
      raw(id, 1, "Incremented", 2, { amount: 1, at }),
      raw(id, 2, "Incremented", 2, { amount: "two", at }),
    ]);
    const error = await loadAggregate({ store }, counterAggregate(), id).catch((failure: unknown) => failure);
    expect(error).toMatchObject({
      code: "corrupt-event",
      streamId: id,
      streamVersion: 2n,
      eventType: "Incremented",
      path: "data.amount",
    });
    expect((error as Error).message).not.toContain("two");
  });

  it("an event type the catalog does not know is a CorruptEvent on its type", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("unknown-type");
    await store.appendToStream(id, [raw(id, 1, "Decremented", 1, { amount: 1, at })]);
    const error = await loadAggregate({ store }, counterAggregate(), id).catch((failure: unknown) => failure);
    expect(error).toMatchObject({
      code: "corrupt-event",
      streamVersion: 1n,
      eventType: "Decremented",
      path: "type",
    });
  });

  it("a schema version newer than the catalog knows is a CorruptEvent on schemaVersion", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("too-new");
    await store.appendToStream(id, [raw(id, 1, "Incremented", 3, { amount: 1, at })]);
    const error = await loadAggregate({ store }, counterAggregate(), id).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ code: "corrupt-event", path: "schemaVersion" });
  });
};
