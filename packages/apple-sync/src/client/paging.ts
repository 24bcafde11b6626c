import type { ResponseMdmInfo } from "./codecs/common.js";
import { AppleApiError, isAppleApiError, WalkUnstableError } from "./errors.js";
import type { ClientObserver } from "./observer.js";

/** The paging fields every paged response carries. */
export interface PagedResponse {
  readonly currentPageIndex: number;
  readonly totalPages: number;
  readonly versionId: string;
  readonly nextPageIndex?: number;
  readonly tokenExpirationDate?: string;
  readonly uId?: string;
  readonly mdmInfo?: ResponseMdmInfo;
}

/**
 * One page of a walk. A walk restarts from page 0 when Apple's `versionId` changes under it; the first page of
 * a restarted walk has `restarted: true`, meaning whatever the earlier pages of this iteration said may be
 * stale. `isLast` marks the page whose `versionId` to keep as the next `sinceVersionId`.
 */
export interface Page<Item, Response extends PagedResponse = PagedResponse> {
  readonly items: ReadonlyArray<Item>;
  readonly pageIndex: number;
  readonly totalPages: number;
  readonly versionId: string;
  /** 0 for the first walk, n after n restarts. */
  readonly walk: number;
  readonly restarted: boolean;
  readonly isLast: boolean;
  /** The whole decoded page (expiry date, `uId`, `mdmInfo`, extra arrays). */
  readonly response: Response;
}

/** How a walk behaves. */
export interface WalkOptions {
  readonly endpoint: string;
  /** Pages fetched at once once `totalPages` is known; Apple allows at most 5. */
  readonly maxInFlight: number;
  /** Restarts allowed after `versionId` changes before giving up with `walk-unstable`. */
  readonly maxRestarts: number;
  readonly signal?: AbortSignal;
  readonly observer?: ClientObserver;
}

/** Fetches one page: `undefined` is the first request, which Apple wants without `pageIndex`. */
export type FetchPage<R> = (pageIndex: number | undefined, signal: AbortSignal) => Promise<R>;

class VersionChanged {
  constructor(readonly reason: string) {}
}

type Settled<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

const settle = <R>(promise: Promise<R>): Promise<Settled<R>> =>
  promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );

/**
 * Streams every page of a paged endpoint, in order, holding at most `maxInFlight` pages in memory. After the
 * first page, pages 1…totalPages-1 are fetched with up to `maxInFlight` requests at once; a new request starts
 * only when the consumer takes a page, so memory stays flat however many pages there are. Every page must
 * agree with the first on `versionId` and `totalPages`; otherwise the walk restarts from page 0.
 */
export async function* walkPages<Item, R extends PagedResponse>(
  fetchPage: FetchPage<R>,
  itemsOf: (response: R) => ReadonlyArray<Item>,
  options: WalkOptions,
): AsyncGenerator<Page<Item, R>, void, undefined> {
  for (let walk = 0; ; walk++) {
    const controller = new AbortController();
    const onAbort = () => controller.abort(options.signal?.reason);
    options.signal?.addEventListener("abort", onAbort, { once: true });
    try {
      for await (const page of walkOnce(fetchPage, itemsOf, options, walk, controller.signal)) yield page;
      return;
    } catch (error) {
      if (!(error instanceof VersionChanged)) throw error;
      if (walk >= options.maxRestarts) {
        throw new WalkUnstableError(walk, { endpoint: options.endpoint });
      }
      options.observer?.({
        type: "walk-restarted",
        endpoint: options.endpoint,
        walk: walk + 1,
        reason: error.reason,
      });
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
      controller.abort();
    }
  }
}

async function* walkOnce<Item, R extends PagedResponse>(
  fetchPage: FetchPage<R>,
  itemsOf: (response: R) => ReadonlyArray<Item>,
  options: WalkOptions,
  walk: number,
  signal: AbortSignal,
): AsyncGenerator<Page<Item, R>, void, undefined> {
  const first = await fetchPage(undefined, signal).catch(pageOutOfRange);
  const page = (response: R, pageIndex: number): Page<Item, R> => ({
    items: itemsOf(response),
    pageIndex,
    totalPages: first.totalPages,
    versionId: response.versionId,
    walk,
    restarted: walk > 0 && pageIndex === 0,
    isLast: response.nextPageIndex === undefined,
    response,
  });
  yield page(first, first.currentPageIndex);
  if (first.nextPageIndex === undefined) return;
  if (first.nextPageIndex !== first.currentPageIndex + 1 || first.totalPages <= first.nextPageIndex) {
    yield* followSequentially(fetchPage, first, page, signal);
    return;
  }
  const window: Array<{ readonly index: number; readonly result: Promise<Settled<R>> }> = [];
  let nextToStart = first.nextPageIndex;
  const fill = () => {
    while (window.length < Math.max(1, Math.min(5, options.maxInFlight)) && nextToStart < first.totalPages) {
      const index = nextToStart++;
      window.push({ index, result: settle(fetchPage(index, signal)) });
    }
  };
  fill();
  while (window.length > 0) {
    const head = window.shift()!;
    const settled = await head.result;
    if (!settled.ok) pageOutOfRange(settled.error);
    const response = (settled as { readonly value: R }).value;
    const isLastIndex = head.index === first.totalPages - 1;
    assertSameWalk(first, response, head.index);
    if (isLastIndex !== (response.nextPageIndex === undefined)) {
      throw new VersionChanged(`page ${head.index} disagrees with totalPages ${first.totalPages}`);
    }
    fill();
    yield page(response, head.index);
  }
}

async function* followSequentially<Item, R extends PagedResponse>(
  fetchPage: FetchPage<R>,
  first: R,
  page: (response: R, pageIndex: number) => Page<Item, R>,
  signal: AbortSignal,
): AsyncGenerator<Page<Item, R>, void, undefined> {
  let previous = first;
  while (previous.nextPageIndex !== undefined) {
    const index = previous.nextPageIndex;
    if (index <= previous.currentPageIndex) {
      throw new AppleApiError(
        "malformed-response",
        `page ${previous.currentPageIndex} points back to page ${index}; refusing to loop: retry later`,
      );
    }
    const response = await fetchPage(index, signal).catch(pageOutOfRange);
    assertSameWalk(first, response, index);
    yield page(response, index);
    previous = response;
  }
}

const assertSameWalk = (first: PagedResponse, response: PagedResponse, index: number): void => {
  if (response.versionId !== first.versionId) {
    // The versionIds themselves stay out of the reason: it reaches observers, and they are Apple's text.
    throw new VersionChanged(`versionId changed at page ${index}`);
  }
  if (response.totalPages !== first.totalPages || response.currentPageIndex !== index) {
    throw new VersionChanged(
      `page ${index} reports page ${response.currentPageIndex} of ${response.totalPages}`,
    );
  }
};

/** Apple's 9650 (page index out of range) means the data shrank under the walk: restart it. */
const pageOutOfRange = (error: unknown): never => {
  if (isAppleApiError(error) && error.errorNumber === 9650)
    throw new VersionChanged("page index out of range");
  throw error;
};
