import { fail, ok, type Result } from "./result.js";

/** One page of a paged answer, with Apple's paging fields. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly currentPageIndex: number;
  /** Present only while more pages remain. */
  readonly nextPageIndex?: number;
  readonly size: number;
  readonly totalPages: number;
}

/**
 * Cuts `items` into pages of `pageSize` and returns the requested one (0-based; no pageIndex means 0). An empty
 * set is one empty page. A page index that is not a whole number in range gives 9650.
 */
export const paginate = <T>(
  items: readonly T[],
  pageIndex: string | null,
  pageSize: number,
): Result<Page<T>> => {
  const totalPages = Math.max(1, Math.ceil(items.length / pageSize));
  const index = pageIndex === null ? 0 : /^\d+$/.test(pageIndex) ? Number(pageIndex) : Number.NaN;
  if (!Number.isSafeInteger(index) || index >= totalPages) {
    return fail(9650, `pageIndex must be between 0 and ${totalPages - 1}.`);
  }
  const pageItems = items.slice(index * pageSize, (index + 1) * pageSize);
  return ok({
    items: pageItems,
    currentPageIndex: index,
    ...(index + 1 < totalPages ? { nextPageIndex: index + 1 } : {}),
    size: pageItems.length,
    totalPages,
  });
};
