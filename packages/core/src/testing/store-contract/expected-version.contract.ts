import { expect, it } from "vitest";
import type { WrongExpectedVersion } from "../../store/errors.js";
import type { EventStore, EventToAppend, ExpectedVersion } from "../../store/port.js";
import { collect } from "./collect.js";
import { contractEvent, contractEvents } from "./fixtures.js";
import type { ContractContext } from "./harness.js";

/** Asserts an append fails with WrongExpectedVersion carrying `actual`, and that it wrote nothing. */
export const expectConflict = async (
  store: EventStore,
  streamId: string,
  events: ReadonlyArray<EventToAppend>,
  expected: ExpectedVersion,
  actual: bigint,
): Promise<void> => {
  const before = await store.streamVersion(streamId);
  const error = await store.appendToStream(streamId, events, { expectedVersion: expected }).then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toMatchObject({
    name: "LedgerError",
    code: "wrong-expected-version",
    streamId,
    expected,
    actual,
  });
  expect((error as WrongExpectedVersion).retryable).toBe(true);
  expect(await store.streamVersion(streamId)).toBe(before);
};

/** Every expected-version sentinel, enforced at append time with the actual version in the error. */
export const expectedVersionContract = (ctx: ContractContext): void => {
  it('"no_stream" creates a missing stream and rejects an existing one with its actual version', async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("no-stream");
    const result = await store.appendToStream(id, contractEvents(id, 1, 2), { expectedVersion: "no_stream" });
    expect(result).toMatchObject({ nextExpectedVersion: 2n, written: true });
    await expectConflict(store, id, [contractEvent(id, 3)], "no_stream", 2n);
  });

  it('"stream_exists" rejects a missing stream with actual version 0n and appends to an existing one', async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("stream-exists");
    await expectConflict(store, id, [contractEvent(id, 1)], "stream_exists", 0n);
    await store.appendToStream(id, [contractEvent(id, 1)], { expectedVersion: "no_stream" });
    const result = await store.appendToStream(id, [contractEvent(id, 2)], {
      expectedVersion: "stream_exists",
    });
    expect(result).toMatchObject({ nextExpectedVersion: 2n, written: true });
  });

  it("an exact version appends when it matches and rejects a lower or higher one with the actual version", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("exact");
    await store.appendToStream(id, contractEvents(id, 1, 2), { expectedVersion: 0n });
    await expectConflict(store, id, [contractEvent(id, 3)], 1n, 2n);
    await expectConflict(store, id, [contractEvent(id, 3)], 5n, 2n);
    await expectConflict(store, id, [contractEvent(id, 3)], 0n, 2n);
    const result = await store.appendToStream(id, [contractEvent(id, 3)], { expectedVersion: 2n });
    expect(result).toMatchObject({ nextExpectedVersion: 3n, written: true });
  });

  it("an exact version on a missing stream conflicts with actual version 0n", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("exact-missing");
    await expectConflict(store, id, [contractEvent(id, 1)], 1n, 0n);
  });

  it('"any" appends whatever the version, and is the default', async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("any");
    await store.appendToStream(id, [contractEvent(id, 1)], { expectedVersion: "any" });
    await store.appendToStream(id, [contractEvent(id, 2)], { expectedVersion: "any" });
    const result = await store.appendToStream(id, [contractEvent(id, 3)]);
    expect(result).toMatchObject({ nextExpectedVersion: 3n, written: true });
    expect(await store.streamVersion(id)).toBe(3n);
  });

  it("a conflicting batch writes none of its events", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("conflict-atomic");
    await store.appendToStream(id, [contractEvent(id, 1)]);
    await expectConflict(store, id, contractEvents(id, 2, 5), 0n, 1n);
    expect((await collect(store.readStream(id))).map((event) => event.id)).toEqual([contractEvent(id, 1).id]);
  });

  it("an empty append checks the expected version and writes nothing", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("empty-append");
    expect(await store.appendToStream(id, [], { expectedVersion: "no_stream" })).toEqual({
      nextExpectedVersion: 0n,
      lastGlobalPosition: 0n,
      written: false,
    });
    const first = await store.appendToStream(id, [contractEvent(id, 1)]);
    expect(await store.appendToStream(id, [], { expectedVersion: 1n })).toEqual({ ...first, written: false });
    await expectConflict(store, id, [], "no_stream", 1n);
    expect(await store.streamVersion(id)).toBe(1n);
  });
};
