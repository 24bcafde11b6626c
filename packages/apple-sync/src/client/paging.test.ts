import { describe, expect, it } from "vitest";
import { AppleApiError, isAppleApiError } from "./errors.js";
import type { ClientObservation } from "./observer.js";
import { type PagedResponse, walkPages } from "./paging.js";

interface FakePage extends PagedResponse {
  readonly rows: number[];
}

/** A fake paged endpoint over `total` rows in pages of `size`, tracking how many requests run at once. */
const fakeEndpoint = (
  total: number,
  size: number,
  options: { versionAt?: (call: number) => string } = {},
) => {
  const stats = {
    calls: 0,
    inFlight: 0,
    maxInFlight: 0,
    aborted: 0,
    requested: [] as Array<number | undefined>,
  };
  const fetchPage = async (pageIndex: number | undefined, signal: AbortSignal): Promise<FakePage> => {
    const call = stats.calls++;
    stats.requested.push(pageIndex);
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    try {
      await new Promise<void>((resolve, reject) => {
        const onAbort = () => {
          clearTimeout(timer);
          stats.aborted++;
          reject(signal.reason);
        };
        const timer = setTimeout(
          () => {
            signal.removeEventListener("abort", onAbort);
            resolve();
          },
          1 + (call % 3),
        );
        signal.addEventListener("abort", onAbort, { once: true });
      });
      const index = pageIndex ?? 0;
      const totalPages = Math.max(1, Math.ceil(total / size));
      return {
        rows: Array.from(
          { length: Math.max(0, Math.min(size, total - index * size)) },
          (_, i) => index * size + i,
        ),
        currentPageIndex: index,
        totalPages,
        versionId: options.versionAt?.(call) ?? "v1",
        ...(index + 1 < totalPages ? { nextPageIndex: index + 1 } : {}),
      };
    } finally {
      stats.inFlight--;
    }
  };
  return { stats, fetchPage };
};

const options = { endpoint: "GET fake", maxInFlight: 5 };

describe("walkPages", () => {
  it("streams every page in order with at most 5 requests in flight", async () => {
    const { stats, fetchPage } = fakeEndpoint(1_000, 10);
    const seen: number[] = [];
    let last: { isLast: boolean; versionId: string | undefined } | undefined;
    for await (const page of walkPages(fetchPage, (p) => p.rows, options)) {
      seen.push(...page.items);
      last = page;
    }
    expect(seen).toEqual(Array.from({ length: 1_000 }, (_, i) => i));
    expect(stats.maxInFlight).toBeLessThanOrEqual(5);
    expect(stats.maxInFlight).toBeGreaterThan(1);
    expect(stats.requested[0]).toBeUndefined();
    expect(last).toMatchObject({ isLast: true, versionId: "v1" });
  });

  it("holds at most 5 pages ahead of a slow consumer (memory stays flat)", async () => {
    const { stats, fetchPage } = fakeEndpoint(500, 5);
    let consumed = 0;
    let maxAhead = 0;
    for await (const _ of walkPages(fetchPage, (p) => p.rows, options)) {
      consumed++;
      maxAhead = Math.max(maxAhead, stats.calls - consumed);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(consumed).toBe(100);
    expect(maxAhead).toBeLessThanOrEqual(5);
  });

  it("goes on through a versionId change, keeping the first page's versionId (Apple's guidance)", async () => {
    const { stats, fetchPage } = fakeEndpoint(50, 10, { versionAt: (call) => (call < 3 ? "v1" : "v2") });
    const observations: ClientObservation[] = [];
    const pages: Array<{
      pageIndex: number;
      churned: boolean;
      versionId: string | undefined;
      isLast: boolean;
    }> = [];
    for await (const page of walkPages(fetchPage, (p) => p.rows, {
      ...options,
      observer: (e) => observations.push(e),
    }))
      pages.push(page);
    expect(pages.map((p) => p.pageIndex)).toEqual([0, 1, 2, 3, 4]);
    expect(stats.calls).toBe(5);
    expect(pages.every((p) => p.versionId === "v1")).toBe(true);
    expect(pages.at(-1)).toMatchObject({ isLast: true, churned: true });
    expect(observations.filter((e) => e.type === "walk-churned")).toHaveLength(1);
  });

  it("follows a page count that grows during the walk", async () => {
    let calls = 0;
    const fetchPage = async (pageIndex: number | undefined): Promise<FakePage> => {
      const totalPages = calls++ < 2 ? 3 : 5;
      const index = pageIndex ?? 0;
      return {
        rows: [index],
        currentPageIndex: index,
        totalPages,
        versionId: `v${totalPages}`,
        ...(index + 1 < totalPages ? { nextPageIndex: index + 1 } : {}),
      };
    };
    const seen: number[] = [];
    for await (const page of walkPages(fetchPage, (p) => p.rows, { ...options, maxInFlight: 1 }))
      seen.push(...page.items);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
  });

  it("ends the walk at Apple's 9650 (the data shrank under it) with what was read", async () => {
    const inner = fakeEndpoint(30, 10);
    const fetchPage = async (pageIndex: number | undefined, signal: AbortSignal) => {
      if (pageIndex === 2) throw new AppleApiError("invalid-request", "bad page", { errorNumber: 9650 });
      return inner.fetchPage(pageIndex, signal);
    };
    let rows = 0;
    for await (const page of walkPages(fetchPage, (p) => p.rows, options)) rows += page.items.length;
    expect(rows).toBe(20);
  });

  it("ends at a page Apple now reports as the last, aborting the pages in flight after it", async () => {
    let calls = 0;
    const fetchPage = async (pageIndex: number | undefined): Promise<FakePage> => {
      const index = pageIndex ?? 0;
      const totalPages = calls++ === 0 ? 10 : 2;
      return {
        rows: [index],
        currentPageIndex: index,
        totalPages,
        versionId: "v1",
        ...(index + 1 < totalPages ? { nextPageIndex: index + 1 } : {}),
      };
    };
    const pages: Array<{ pageIndex: number; isLast: boolean }> = [];
    for await (const page of walkPages(fetchPage, (p) => p.rows, options)) pages.push(page);
    expect(pages).toMatchObject([
      { pageIndex: 0, isLast: false },
      { pageIndex: 1, isLast: true },
    ]);
  });

  it("gives up with walk-unstable when the data grows faster than the walk reads it (bounded)", async () => {
    let calls = 0;
    const fetchPage = async (pageIndex: number | undefined): Promise<FakePage> => {
      const index = pageIndex ?? 0;
      const totalPages = 3 + calls++;
      return { rows: [], currentPageIndex: index, totalPages, versionId: "v", nextPageIndex: index + 1 };
    };
    const walk = async () => {
      for await (const _ of walkPages(fetchPage, (p) => p.rows, options));
    };
    await expect(walk()).rejects.toSatisfy(
      (error) =>
        isAppleApiError(error, "walk-unstable") &&
        (error as unknown as { pagesRead: number }).pagesRead === 17,
    );
    expect(calls).toBeLessThan(25);
  });

  it("walks pages that carry no paging fields but nextPageIndex", async () => {
    const fetchPage = async (pageIndex: number | undefined): Promise<FakePage> => {
      const index = pageIndex ?? 0;
      return { rows: [index], ...(index < 2 ? { nextPageIndex: index + 1 } : {}) };
    };
    const pages: Array<{ items: ReadonlyArray<number>; versionId: string | undefined }> = [];
    for await (const page of walkPages(fetchPage, (p) => p.rows, options)) pages.push(page);
    expect(pages.flatMap((p) => p.items)).toEqual([0, 1, 2]);
    expect(pages.every((p) => p.versionId === undefined)).toBe(true);
  });

  it("aborts the pages in flight when the consumer stops early", async () => {
    const { stats, fetchPage } = fakeEndpoint(1_000, 10);
    for await (const page of walkPages(fetchPage, (p) => p.rows, options)) if (page.pageIndex === 2) break;
    expect(stats.aborted).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stats.inFlight).toBe(0);
    expect(stats.calls).toBeLessThanOrEqual(8);
  });

  it("follows nextPageIndex one page at a time when it does not count up by one", async () => {
    const fetchPage = async (pageIndex: number | undefined): Promise<FakePage> => {
      const index = pageIndex ?? 0;
      return {
        rows: [index],
        currentPageIndex: index,
        totalPages: 5,
        versionId: "v1",
        ...(index < 4 ? { nextPageIndex: index + 2 } : {}),
      };
    };
    const seen: number[] = [];
    for await (const page of walkPages(fetchPage, (p) => p.rows, options)) seen.push(...page.items);
    expect(seen).toEqual([0, 2, 4]);
  });

  it("refuses a nextPageIndex that points backwards instead of looping", async () => {
    const fetchPage = async (pageIndex: number | undefined): Promise<FakePage> => ({
      rows: [],
      currentPageIndex: pageIndex ?? 0,
      totalPages: 3,
      versionId: "v1",
      nextPageIndex: 0,
    });
    const walk = async () => {
      for await (const _ of walkPages(fetchPage, (p) => p.rows, options));
    };
    await expect(walk()).rejects.toSatisfy((error) => isAppleApiError(error, "malformed-response"));
  });
});
