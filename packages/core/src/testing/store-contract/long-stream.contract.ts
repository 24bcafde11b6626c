import { expect, it } from "vitest";
import { collect } from "./collect.js";
import { contractEvent } from "./fixtures.js";
import type { ContractContext } from "./harness.js";

const LENGTH = 100_000;
const APPEND_BATCH = 1_000;
/**
 * Held whole, 100,000 of these events take about 80 MB of heap (a 256-character string plus ids, metadata and
 * objects each). A reader that stopped after one bounded batch holds a few hundred kilobytes: 16 MiB of growth
 * is far above the one and far below the other, whatever the garbage collector does meanwhile.
 */
const PADDING = "x".repeat(256);
const GROWTH_LIMIT = 16 * 1024 * 1024;

/** Long streams are read in bounded batches (EventStoreDB Node client #169, #294: out of memory). */
export const longStreamContract = (ctx: ContractContext): void => {
  it("reads a 100,000-event stream in bounded batches, never pulling it whole", {
    timeout: 600_000,
  }, async () => {
    const { store } = ctx.harness();
    const id = ctx.streamId("long");
    for (let from = 1; from <= LENGTH; from += APPEND_BATCH) {
      const batch = Array.from({ length: APPEND_BATCH }, (_, i) =>
        contractEvent(id, from + i, { n: from + i, PADDING }),
      );
      await store.appendToStream(id, batch, { expectedVersion: BigInt(from - 1) });
    }
    expect(await store.streamVersion(id)).toBe(BigInt(LENGTH));

    (globalThis as { gc?: () => void }).gc?.();
    const heapBefore = process.memoryUsage().heapUsed;
    const reader = store.readStream(id, { batchSize: 100 })[Symbol.asyncIterator]();
    const firstTen: bigint[] = [];
    for (let i = 0; i < 10; i++) firstTen.push((await reader.next()).value.streamVersion);
    // Measured while the reader is suspended: whatever it fetched is still reachable from it.
    const growth = process.memoryUsage().heapUsed - heapBefore;
    await reader.return?.();
    expect(firstTen).toEqual(Array.from({ length: 10 }, (_, i) => BigInt(i + 1)));
    expect(growth).toBeLessThan(GROWTH_LIMIT);

    const tail = await collect(store.readStream(id, { after: BigInt(LENGTH - 3) }));
    expect(tail.map((event) => event.streamVersion)).toEqual([99_998n, 99_999n, 100_000n]);

    let expected = 1n;
    for await (const event of store.readStream(id, { batchSize: 1_000 })) {
      if (event.streamVersion !== expected) expect(event.streamVersion).toBe(expected);
      expected++;
    }
    expect(expected).toBe(BigInt(LENGTH) + 1n);
  });
};
