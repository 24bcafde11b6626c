import { describe, expect, it } from "vitest";
import { paginate } from "./paging.js";

const items = ["a", "b", "c", "d", "e"];

describe("paginate", () => {
  it("returns the first page without a pageIndex, with nextPageIndex", () => {
    const page = paginate(items, null, 2);
    expect(page).toEqual({
      ok: true,
      value: { items: ["a", "b"], currentPageIndex: 0, nextPageIndex: 1, size: 2, totalPages: 3 },
    });
  });

  it("omits nextPageIndex on the last page", () => {
    const page = paginate(items, "2", 2);
    expect(page.ok && page.value).toEqual({ items: ["e"], currentPageIndex: 2, size: 1, totalPages: 3 });
  });

  it("treats an empty set as one empty page", () => {
    const page = paginate([], null, 2);
    expect(page.ok && page.value).toEqual({ items: [], currentPageIndex: 0, size: 0, totalPages: 1 });
  });

  it.each(["3", "-1", "1.5", "x", ""])("answers 9650 for pageIndex %j", (pageIndex) => {
    const page = paginate(items, pageIndex, 2);
    expect(page.ok ? undefined : page.failure.body.errorNumber).toBe(9650);
  });
});
