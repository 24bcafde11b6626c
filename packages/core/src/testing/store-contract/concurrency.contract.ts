import { expect, it } from "vitest";
import type { AppendResult, EventStore, EventToAppend, ExpectedVersion } from "../../store/port.js";
import { collect } from "./collect.js";
import { contractEvent, contractEvents } from "./fixtures.js";
import type { ContractContext, EventStoreHarness } from "./harness.js";

const WRITERS = 4;

interface Writers {
  readonly stores: ReadonlyArray<EventStore>;
  close(): Promise<void>;
}

/** Independent connections when the adapter offers them, else the one store used by every writer at once. */
const openWriters = async (harness: EventStoreHarness, separate: boolean): Promise<Writers> => {
  if (!separate || !harness.connect) {
    return { stores: Array(WRITERS).fill(harness.store), close: async () => {} };
  }
  const connections = await Promise.all(Array.from({ length: WRITERS }, () => harness.connect!()));
  return {
    stores: connections.map((connection) => connection.store),
    close: async () => {
      await Promise.all(connections.map((connection) => connection.close()));
    },
  };
};

const raceAppends = (
  writers: Writers,
  streamId: string,
  batch: (writer: number) => ReadonlyArray<EventToAppend>,
  expectedVersion: ExpectedVersion,
) =>
  Promise.allSettled(
    writers.stores.map((store, i) => store.appendToStream(streamId, batch(i), { expectedVersion })),
  );

const fulfilled = (results: ReadonlyArray<PromiseSettledResult<AppendResult>>) =>
  results.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
const rejected = (results: ReadonlyArray<PromiseSettledResult<AppendResult>>) =>
  results.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));

/** Writers racing with the same expected version: exactly one wins; every loser learns the actual version. */
const sameVersionRace = async (ctx: ContractContext, writers: Writers, label: string): Promise<void> => {
  const { store } = ctx.harness();
  const id = ctx.streamId(label);
  await store.appendToStream(id, contractEvents(id, 1, 2), { expectedVersion: "no_stream" });
  for (let round = 0, version = 2n; round < 3; round++, version++) {
    const results = await raceAppends(writers, id, (i) => [contractEvent(id, 100 + round * 10 + i)], version);
    expect(fulfilled(results)).toEqual([
      expect.objectContaining({ nextExpectedVersion: version + 1n, written: true }),
    ]);
    for (const error of rejected(results)) {
      expect(error).toMatchObject({
        code: "wrong-expected-version",
        expected: version,
        actual: version + 1n,
      });
    }
  }
  const versions = (await collect(store.readStream(id))).map((event) => event.streamVersion);
  expect(versions).toEqual([1n, 2n, 3n, 4n, 5n]);
};

/** Concurrent appends: no lost event, no duplicate, exactly one winner per expected version. */
export const concurrencyContract = (ctx: ContractContext): void => {
  it("concurrent writers on one store with the same expected version: exactly one wins", async () => {
    await sameVersionRace(ctx, await openWriters(ctx.harness(), false), "race-one-store");
  });

  it("concurrent writers on separate connections with the same expected version: exactly one wins", async (test) => {
    const harness = ctx.harness();
    if (!harness.connect) return test.skip("this adapter offers no second connection (optional connect())");
    const writers = await openWriters(harness, true);
    try {
      await sameVersionRace(ctx, writers, "race-connections");
    } finally {
      await writers.close();
    }
  });

  it('concurrent "no_stream" creators: exactly one creates the stream', async () => {
    const writers = await openWriters(ctx.harness(), true);
    try {
      const id = ctx.streamId("race-create");
      const results = await raceAppends(writers, id, (i) => contractEvents(id, i * 10 + 1, 2), "no_stream");
      expect(fulfilled(results)).toHaveLength(1);
      for (const error of rejected(results))
        expect(error).toMatchObject({ code: "wrong-expected-version", actual: 2n });
      expect(await ctx.harness().store.streamVersion(id)).toBe(2n);
    } finally {
      await writers.close();
    }
  });

  it('concurrent "any" writers lose no event: versions stay contiguous and every event is stored once', async () => {
    const writers = await openWriters(ctx.harness(), true);
    try {
      const id = ctx.streamId("race-any");
      await Promise.all(
        writers.stores.map(async (store, writer) => {
          for (let round = 0; round < 5; round++) {
            await store.appendToStream(id, contractEvents(id, writer * 100 + round * 2 + 1, 2), {
              expectedVersion: "any",
            });
          }
        }),
      );
      const read = await collect(ctx.harness().store.readStream(id));
      expect(read.map((event) => Number(event.streamVersion))).toEqual(
        Array.from({ length: 40 }, (_, i) => i + 1),
      );
      expect(new Set(read.map((event) => event.id)).size).toBe(40);
    } finally {
      await writers.close();
    }
  });

  it("a retry racing its original is stored once: losers see written:false or the actual version", async () => {
    const writers = await openWriters(ctx.harness(), true);
    try {
      const id = ctx.streamId("race-retry");
      const batch = contractEvents(id, 1, 2);
      const results = await raceAppends(writers, id, () => batch, 0n);
      const written = fulfilled(results).filter((result) => result.written);
      expect(written).toHaveLength(1);
      for (const result of fulfilled(results)) expect(result.nextExpectedVersion).toBe(2n);
      for (const error of rejected(results))
        expect(error).toMatchObject({ code: "wrong-expected-version", actual: 2n });
      expect((await collect(ctx.harness().store.readStream(id))).map((event) => event.id)).toEqual(
        batch.map((event) => event.id),
      );
    } finally {
      await writers.close();
    }
  });
};
