import { expect, it } from "vitest";
import type { EventStore, EventToAppend, ExpectedVersion } from "../../store/port.js";
import { collect } from "./collect.js";
import { contractEvent, contractEvents, contractMetadata } from "./fixtures.js";
import type { ContractContext } from "./harness.js";

/** Asserts an append fails with IdempotencyViolation naming `eventId`, and that it wrote nothing. */
const expectViolation = async (
  store: EventStore,
  streamId: string,
  events: ReadonlyArray<EventToAppend>,
  expected: ExpectedVersion,
  eventId: string,
): Promise<void> => {
  const log = await collect(store.readStream(streamId));
  const error = await store.appendToStream(streamId, events, { expectedVersion: expected }).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toMatchObject({ name: "LedgerError", code: "idempotency-violation", streamId, eventId });
  expect(await collect(store.readStream(streamId))).toEqual(log);
};

/** Appending events whose ids are stored is a retry when it matches exactly, and a client bug otherwise. */
export const idempotencyContract = (ctx: ContractContext): void => {
  it("a retried batch writes nothing and answers with where its events already are", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("retry");
    await store.appendToStream(id, [contractEvent(id, 1)]);
    const batch = contractEvents(id, 2, 3);
    const first = await store.appendToStream(id, batch, { expectedVersion: 1n });
    await store.appendToStream(id, [contractEvent(id, 5)], { expectedVersion: 4n });
    const retry = await store.appendToStream(id, batch, { expectedVersion: 1n });
    expect(retry).toEqual({ ...first, written: false });
    expect(await store.appendToStream(id, batch, { expectedVersion: "any" })).toEqual(retry);
    expect(await store.appendToStream(id, batch, { expectedVersion: "stream_exists" })).toEqual(retry);
    expect(await store.streamVersion(id)).toBe(5n);
  });

  it('a retried first batch matches "no_stream" and 0n', async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("retry-first");
    const batch = contractEvents(id, 1, 2);
    const first = await store.appendToStream(id, batch, { expectedVersion: "no_stream" });
    expect(await store.appendToStream(id, batch, { expectedVersion: "no_stream" })).toEqual({
      ...first,
      written: false,
    });
    expect(await store.appendToStream(id, batch, { expectedVersion: 0n })).toEqual({
      ...first,
      written: false,
    });
    expect(await store.streamVersion(id)).toBe(2n);
  });

  it("a stored id with other data, type, schema version or metadata is an IdempotencyViolation", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("other-content");
    const original = contractEvent(id, 1);
    await store.appendToStream(id, [original]);
    await expectViolation(store, id, [{ ...original, data: { n: 2 } }], "any", original.id);
    await expectViolation(store, id, [{ ...original, type: "OtherEvent" }], "any", original.id);
    await expectViolation(store, id, [{ ...original, schemaVersion: 2 }], "any", original.id);
    await expectViolation(store, id, [{ ...original, metadata: contractMetadata(2) }], "any", original.id);
  });

  it("object key order does not make content different (stores may reorder JSON keys)", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("key-order");
    const original = contractEvent(id, 1, { a: 1, b: { c: 2, d: 3 } });
    const first = await store.appendToStream(id, [original]);
    const reordered = { ...original, data: { b: { d: 3, c: 2 }, a: 1 } };
    expect(await store.appendToStream(id, [reordered], { expectedVersion: 0n })).toEqual({
      ...first,
      written: false,
    });
  });

  it("stored ids at another position than this append would give them are an IdempotencyViolation", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("other-position");
    const batch = contractEvents(id, 1, 2);
    await store.appendToStream(id, batch);
    await store.appendToStream(id, [contractEvent(id, 3)]);
    await expectViolation(store, id, batch, 3n, batch[0]!.id);
    await expectViolation(store, id, batch, "stream_exists", batch[0]!.id);
    await expectViolation(store, id, [batch[1]!, batch[0]!], "any", batch[0]!.id);
    await expectViolation(store, id, [batch[1]!], 0n, batch[1]!.id);
  });

  it("a batch mixing stored and new ids is an IdempotencyViolation and writes none of the new ones", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("partial");
    await store.appendToStream(id, contractEvents(id, 1, 2));
    const stored = contractEvent(id, 2);
    await expectViolation(store, id, [stored, contractEvent(id, 3)], 1n, stored.id);
    await expectViolation(store, id, [contractEvent(id, 3), contractEvent(id, 4), stored], "any", stored.id);
  });

  it("the same id twice in one batch is an IdempotencyViolation", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("repeated-id");
    const event = contractEvent(id, 1);
    await expectViolation(store, id, [event, { ...event, data: { n: 2 } }], "no_stream", event.id);
    expect(await store.streamVersion(id)).toBe(0n);
  });

  it("an id stored in another stream is an IdempotencyViolation (ids are unique across the store)", async () => {
    const { store } = ctx.harness();
    const first = ctx.streamId("unique-a");
    const second = ctx.streamId("unique-b");
    const event = contractEvent(first, 1);
    await store.appendToStream(first, [event]);
    await expectViolation(store, second, [event], "any", event.id);
    expect(await store.streamVersion(second)).toBe(0n);
  });

  it("findEvent, when offered, finds an event by id in its own stream only", async (test) => {
    const { store } = ctx.harness();
    if (!store.findEvent) return test.skip("this adapter offers no findEvent index (optional)");
    const id = ctx.streamId("find");
    const other = ctx.streamId("find-other");
    await store.appendToStream(id, contractEvents(id, 1, 3));
    const found = await store.findEvent(id, contractEvent(id, 2).id);
    expect(found).toMatchObject({ streamId: id, streamVersion: 2n, id: contractEvent(id, 2).id });
    expect(await store.findEvent(other, contractEvent(id, 2).id)).toBeUndefined();
    expect(await store.findEvent(id, contractEvent(id, 9).id)).toBeUndefined();
  });

  it("findEvents, when offered, finds events by id in its own stream only, each once", async (test) => {
    const { store } = ctx.harness();
    if (!store.findEvents) return test.skip("this adapter offers no findEvents batch lookup (optional)");
    const id = ctx.streamId("find-many");
    const other = ctx.streamId("find-many-other");
    await store.appendToStream(id, contractEvents(id, 1, 4));
    await store.appendToStream(other, contractEvents(other, 1, 1));
    const wanted = [2, 4, 2, 9].map((n) => contractEvent(id, n).id);
    const found = await store.findEvents(id, [...wanted, contractEvent(other, 1).id, "not-a-uuid"]);
    expect([...found].sort((a, b) => Number(a.streamVersion - b.streamVersion))).toMatchObject([
      { streamId: id, streamVersion: 2n, id: contractEvent(id, 2).id },
      { streamId: id, streamVersion: 4n, id: contractEvent(id, 4).id },
    ]);
    expect(await store.findEvents(id, [])).toEqual([]);
    expect(await store.findEvents(ctx.streamId("find-many-none"), wanted)).toEqual([]);
  });
};
