import type { ResponseMdmInfo } from "./codecs/common.js";
import { AppleApiError, isAppleApiError, WalkUnstableError } from "./errors.js";
import type { ClientObserver } from "./observer.js";

/** The paging fields of a paged response. Apple marks every one optional; the walk copes with each missing. */
export interface PagedResponse {
  readonly currentPageIndex?: number;
  readonly totalPages?: number;
  readonly versionId?: string;
  readonly nextPageIndex?: number;
  readonly tokenExpirationDate?: string;
  readonly uId?: string;
  readonly mdmInfo?: ResponseMdmInfo;
}

/**
 * One page of a walk. `versionId` is the FIRST page's: the version the whole read is as of, the one to pass as
 * the next `sinceVersionId` (Apple: keep the first page's, later pages may report newer ones). `isLast`
 * marks the walk's final page.
 */
export interface Page<Item, Response extends PagedResponse = PagedResponse> {
  readonly items: ReadonlyArray<Item>;
  readonly pageIndex: number;
  /** The page count as last reported (it may change during the walk). */
  readonly totalPages: number;
  /** The first page's `versionId`; undefined when Apple sent none (then no incremental read can follow). */
  readonly versionId: string | undefined;
  /** Whether Apple's data changed since the first page (`versionId` or `totalPages`): items may repeat or move. */
  readonly churned: boolean;
  readonly isLast: boolean;
  /** The whole decoded page (expiry date, `uId`, `mdmInfo`, extra arrays). */
  readonly response: Response;
}

/** How a walk behaves. */
export interface WalkOptions {
  readonly endpoint: string;
  /** Pages fetched at once once `totalPages` is known; Apple allows at most 5. */
  readonly maxInFlight: number;
  /**
   * Pages a walk may read beyond twice the first page's `totalPages` before it gives up with `walk-unstable`:
   * the bound that keeps a location growing faster than it can be read from looping forever (default 10).
   */
  readonly growthAllowance?: number;
  readonly signal?: AbortSignal;
  readonly observer?: ClientObserver;
}

/** Fetches one page: `undefined` is the first request, which Apple wants without `pageIndex`. */
export type FetchPage<R> = (pageIndex: number | undefined, signal: AbortSignal) => Promise<R>;

type Settled<R> = { readonly ok: true; readonly value: R } | { readonly ok: false; readonly error: unknown };

const settle = <R>(promise: Promise<R>): Promise<Settled<R>> =>
  promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );

/** Apple's 9650: the page index is past the end, because the data shrank during the walk. */
const isPastTheEnd = (error: unknown): boolean => isAppleApiError(error) && error.errorNumber === 9650;

/** What a walk knows so far, shared by its two modes. */
class WalkState<R extends PagedResponse> {
  readonly firstVersion: string | undefined;
  readonly maxPages: number;
  totalPages: number;
  churned = false;
  read = 0;

  constructor(
    readonly first: R,
    readonly options: WalkOptions,
  ) {
    this.firstVersion = first.versionId;
    this.totalPages = first.totalPages ?? (first.nextPageIndex === undefined ? 1 : first.nextPageIndex + 1);
    this.maxPages = 2 * this.totalPages + (options.growthAllowance ?? 10);
  }

  /** Takes a page in: notes churn (reported once per walk) and the latest page count; enforces the bound. */
  observe(response: R, index: number): void {
    if (++this.read > this.maxPages)
      throw new WalkUnstableError(this.read, { endpoint: this.options.endpoint });
    const versionMoved = response.versionId !== this.firstVersion;
    const countMoved = response.totalPages !== undefined && response.totalPages !== this.totalPages;
    if (response.totalPages !== undefined) this.totalPages = response.totalPages;
    if (response.nextPageIndex !== undefined)
      this.totalPages = Math.max(this.totalPages, response.nextPageIndex + 1);
    if ((versionMoved || countMoved) && !this.churned) {
      this.churned = true;
      // The versionIds themselves stay out of the reason: it reaches observers, and they are Apple's text.
      const reason = versionMoved
        ? `versionId changed at page ${index}`
        : `totalPages changed at page ${index}`;
      this.options.observer?.({
        type: "walk-churned",
        endpoint: this.options.endpoint,
        pageIndex: index,
        reason,
      });
    }
  }
}

/**
 * Streams every page of a paged endpoint, in order, holding at most `maxInFlight` pages in memory. After the
 * first page, pages 1…totalPages-1 are fetched with up to `maxInFlight` requests at once; a new request starts
 * only when the consumer takes a page, so memory stays flat however many pages there are.
 *
 * Per Apple's guidance, `versionId` and `totalPages` may change during the walk and the walk goes on: a page
 * count that grows is followed, one that shrinks (a shorter last page, or Apple's 9650 past the end) ends the
 * walk. Items can then repeat or be missed, so consumers apply them idempotently and a later incremental read
 * from the first page's `versionId` picks up what moved. Bounded: a walk that reads more than twice the first
 * page count (plus `growthAllowance`) fails with `walk-unstable`.
 */
export async function* walkPages<Item, R extends PagedResponse>(
  fetchPage: FetchPage<R>,
  itemsOf: (response: R) => ReadonlyArray<Item>,
  options: WalkOptions,
): AsyncGenerator<Page<Item, R>, void, undefined> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    const first = await fetchPage(undefined, controller.signal);
    const state = new WalkState(first, options);
    const page = (response: R, pageIndex: number, isLast: boolean): Page<Item, R> => ({
      items: itemsOf(response),
      pageIndex,
      totalPages: state.totalPages,
      versionId: state.firstVersion,
      churned: state.churned,
      isLast,
      response,
    });
    const firstIndex = first.currentPageIndex ?? 0;
    state.read = 1;
    if (first.nextPageIndex === undefined) {
      yield page(first, firstIndex, true);
      return;
    }
    const counting = first.totalPages !== undefined && first.nextPageIndex === firstIndex + 1;
    yield page(first, firstIndex, false);
    yield* counting
      ? parallel(fetchPage, state, page, controller.signal)
      : sequential(fetchPage, state, page, controller.signal);
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    controller.abort();
  }
}

type MakePage<Item, R extends PagedResponse> = (response: R, index: number, isLast: boolean) => Page<Item, R>;

async function* parallel<Item, R extends PagedResponse>(
  fetchPage: FetchPage<R>,
  state: WalkState<R>,
  page: MakePage<Item, R>,
  signal: AbortSignal,
): AsyncGenerator<Page<Item, R>, void, undefined> {
  const window: Array<{ readonly index: number; readonly result: Promise<Settled<R>> }> = [];
  let nextToStart = state.first.nextPageIndex ?? 1;
  const fill = () => {
    const limit = Math.max(1, Math.min(5, state.options.maxInFlight));
    while (window.length < limit && nextToStart < state.totalPages) {
      const index = nextToStart++;
      window.push({ index, result: settle(fetchPage(index, signal)) });
    }
  };
  fill();
  while (window.length > 0) {
    const head = window.shift()!;
    const settled = await head.result;
    if (!settled.ok) {
      if (isPastTheEnd(settled.error)) return;
      throw settled.error;
    }
    const response = settled.value;
    state.observe(response, head.index);
    if (response.nextPageIndex === undefined) {
      // This page is the last one now, whatever was in flight after it (the data shrank).
      yield page(response, head.index, true);
      return;
    }
    fill();
    yield page(response, head.index, window.length === 0);
  }
}

async function* sequential<Item, R extends PagedResponse>(
  fetchPage: FetchPage<R>,
  state: WalkState<R>,
  page: MakePage<Item, R>,
  signal: AbortSignal,
): AsyncGenerator<Page<Item, R>, void, undefined> {
  let previousIndex = state.first.currentPageIndex ?? 0;
  let next = state.first.nextPageIndex;
  while (next !== undefined) {
    if (next <= previousIndex) {
      throw new AppleApiError(
        "malformed-response",
        `${state.options.endpoint}: page ${previousIndex} points back to page ${next}; refusing to loop: retry later`,
        { endpoint: state.options.endpoint },
      );
    }
    const index = next;
    let response: R;
    try {
      response = await fetchPage(index, signal);
    } catch (error) {
      if (isPastTheEnd(error)) return;
      throw error;
    }
    state.observe(response, index);
    next = response.nextPageIndex;
    previousIndex = index;
    yield page(response, index, next === undefined);
  }
}
