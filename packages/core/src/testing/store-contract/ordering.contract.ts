import { expect, it } from "vitest";
import type { ExpectedVersion } from "../../store/port.js";
import { collect } from "./collect.js";
import { contentOf, contractEvent, contractEvents, logHead, ofStreams, pollLog } from "./fixtures.js";
import type { ContractContext, EventStoreHarness } from "./harness.js";

const strictlyIncreasing = (values: ReadonlyArray<bigint>): boolean =>
  values.every((value, index) => index === 0 || value > values[index - 1]!);

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Stores without transactions that stay open commit a "held" append when it is committed: nothing to hold. */
const holdAppendOf = (harness: EventStoreHarness): NonNullable<EventStoreHarness["holdAppend"]> =>
  harness.holdAppend?.bind(harness) ??
  (async (streamId, events, expectedVersion: ExpectedVersion) => ({
    commit: () => harness.store.appendToStream(streamId, events, { expectedVersion }),
  }));

/** Order within a stream and in the global log, `after` semantics, and readers that never skip an event. */
export const orderingContract = (ctx: ContractContext): void => {
  it("stream versions run from 1 without gaps across appends, and reads return events as stored", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("versions");
    const events = contractEvents(id, 1, 6);
    await store.appendToStream(id, events.slice(0, 2));
    await store.appendToStream(id, events.slice(2, 5));
    await store.appendToStream(id, events.slice(5));
    const read = await collect(store.readStream(id));
    expect(read.map((event) => event.streamVersion)).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
    expect(read.map((event) => event.streamId)).toEqual(Array(6).fill(id));
    expect(read.map(contentOf)).toEqual(events.map(contentOf));
    expect(await store.streamVersion(id)).toBe(6n);
  });

  it("global positions strictly increase in append order across streams", async () => {
    const { store } = ctx.harness();
    const [a, b] = [ctx.streamId("log-a"), ctx.streamId("log-b")];
    const head = await logHead(store, ctx.streamId("log-head"));
    const appends = [
      await store.appendToStream(a, contractEvents(a, 1, 2)),
      await store.appendToStream(b, contractEvents(b, 1, 1)),
      await store.appendToStream(a, contractEvents(a, 3, 1)),
    ];
    const read = ofStreams(await collect(store.readAll({ after: head })), [a, b]);
    expect(read.map((event) => event.id)).toEqual(
      [contractEvent(a, 1), contractEvent(a, 2), contractEvent(b, 1), contractEvent(a, 3)].map(
        (event) => event.id,
      ),
    );
    expect(strictlyIncreasing(read.map((event) => event.globalPosition))).toBe(true);
    expect(read[0]!.globalPosition).toBeGreaterThan(head);
    expect(appends.map((append) => append.lastGlobalPosition)).toEqual(
      [1, 2, 3].map((i) => read[i]!.globalPosition),
    );
  });

  it('"after" is exclusive: a version for a stream, a position for the log', async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("after");
    await store.appendToStream(id, contractEvents(id, 1, 5));
    const versions = async (after: bigint) =>
      (await collect(store.readStream(id, { after }))).map((e) => e.streamVersion);
    expect(await versions(0n)).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(await versions(2n)).toEqual([3n, 4n, 5n]);
    expect(await versions(5n)).toEqual([]);
    expect(await versions(99n)).toEqual([]);
    const third = (await collect(store.readStream(id)))[2]!;
    const fromLog = ofStreams(await collect(store.readAll({ after: third.globalPosition })), [id]);
    expect(fromLog.map((event) => event.streamVersion)).toEqual([4n, 5n]);
  });

  it("a missing stream reads as empty, at version 0n", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("missing");
    expect(await collect(store.readStream(id))).toEqual([]);
    expect(await store.streamVersion(id)).toBe(0n);
  });

  it("any batch size yields every event exactly once, in order", async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("batch-sizes");
    await store.appendToStream(id, contractEvents(id, 1, 7));
    for (const batchSize of [1, 2, 3, 7, 100]) {
      const read = await collect(store.readStream(id, { batchSize }));
      expect(read.map((event) => event.streamVersion)).toEqual([1n, 2n, 3n, 4n, 5n, 6n, 7n]);
    }
  });

  it("a polling reader never skips or repeats an event while writers append concurrently", async () => {
    const { store } = ctx.harness();
    const streams = [0, 1, 2, 3].map((i) => ctx.streamId(`poll-${i}`));
    const head = await logHead(store, ctx.streamId("poll-head"));
    const perStream = 15;
    const write = async (id: string) => {
      for (let version = 0; version < perStream; ) {
        const count = Math.min(version % 3 === 0 ? 2 : 1, perStream - version);
        await store.appendToStream(id, contractEvents(id, version + 1, count), {
          expectedVersion: BigInt(version),
        });
        version += count;
      }
    };
    const total = streams.length * perStream;
    const [seen] = await Promise.all([
      pollLog(store, head, (events) => ofStreams(events, streams).length >= total, { batchSize: 7 }),
      ...streams.map(write),
    ]);
    expect(strictlyIncreasing(seen.map((event) => event.globalPosition))).toBe(true);
    const ours = ofStreams(seen, streams);
    expect(ours).toHaveLength(total);
    for (const id of streams) {
      const versions = ours
        .filter((event) => event.streamId === id)
        .map((event) => Number(event.streamVersion));
      expect(versions).toEqual(Array.from({ length: perStream }, (_, i) => i + 1));
    }
  });

  it("a reader never skips an event committed late by a slower transaction", async () => {
    const harness = ctx.harness();
    const { store } = harness;
    const [slow, fast] = [ctx.streamId("late-slow"), ctx.streamId("late-fast")];
    const head = await logHead(store, ctx.streamId("late-head"));
    const held = await holdAppendOf(harness)(slow, [contractEvent(slow, 1)], "no_stream");
    const fastAppend = store.appendToStream(fast, [contractEvent(fast, 1)], { expectedVersion: "no_stream" });
    // A store that serialises appends makes the fast append wait for the slow one: go on without it.
    await Promise.race([fastAppend, delay(250)]);
    const before = await collect(store.readAll({ after: head }));
    const checkpoint = before.at(-1)?.globalPosition ?? head;
    await held.commit();
    await fastAppend;
    const after = await pollLog(
      store,
      checkpoint,
      (seen) => ofStreams([...before, ...seen], [slow, fast]).length >= 2,
    );
    expect(after.every((event) => event.globalPosition > checkpoint)).toBe(true);
    const ours = ofStreams([...before, ...after], [slow, fast]).map((event) => event.streamId);
    expect(ours.sort()).toEqual([slow, fast].sort());
  });
};
