import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readAhead } from "./read-ahead.js";

async function* numbers(count: number, log: string[], failAt?: number): AsyncGenerator<number> {
  try {
    for (let i = 0; i < count; i += 1) {
      if (i === failAt) throw new Error(`read failed at ${i}`);
      log.push(`read ${i}`);
      yield i;
    }
  } finally {
    log.push("closed");
  }
}

const collect = async <T>(source: AsyncIterable<T>): Promise<T[]> => {
  const items: T[] = [];
  for await (const item of source) items.push(item);
  return items;
};

describe("readAhead", () => {
  it("yields every item once, in order, whatever the limit", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 50 }),
        async (count, limit) => {
          const items = await collect(readAhead(numbers(count, []), limit));
          expect(items).toEqual(Array.from({ length: count }, (_, i) => i));
        },
      ),
    );
  });

  it("reads ahead of the caller, by at most the limit", async () => {
    const log: string[] = [];
    const iterator = readAhead(numbers(100, log), 5)[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(log.filter((line) => line.startsWith("read")).length).toBe(6);
    await iterator.return(undefined);
  });

  it("closes the source when the caller stops early, and passes a read failure on", async () => {
    const log: string[] = [];
    for await (const item of readAhead(numbers(100, log), 10)) if (item === 3) break;
    expect(log.at(-1)).toBe("closed");
    await expect(collect(readAhead(numbers(100, [], 7), 3))).rejects.toThrow("read failed at 7");
  });
});
