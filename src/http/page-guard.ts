// One guard for every loop that follows a service's next link (NextPageUri, @odata.nextLink, d.__next,
// odata.nextLink): a page cap, a repeated-link check and no-progress detection, so a link that points at
// itself, a cycle, or an endless chain of empty pages stops with a clear error instead of spending the
// tenant's request budget (o365-api.md 1.5.5 "keep requesting until a response has no NextPageUri" is
// a promise the service may break).
import type { Api } from "../config/types.js";
import { O365Error } from "../errors.js";

/** Far past real use: the services document no page count, and a 7-day listing is a few dozen pages. */
export const MAX_PAGES = 1000;
/** Consecutive pages with no rows that still hand out a next link: the chain makes no progress. */
export const MAX_EMPTY_PAGES = 20;

export interface PageGuard {
  /**
   * Call before following `link`, with the row count of the page that returned it. Throws PAGING_LOOP
   * when the link was seen before, the chain is too long, or it makes no progress.
   */
  follow(link: string, rowsOnPage: number): void;
  /** Pages followed so far. */
  readonly pages: number;
}

export function createPageGuard(
  api: Api,
  what: string,
  opts: { startLink?: string; maxPages?: number; maxEmptyPages?: number } = {},
): PageGuard {
  const maxPages = opts.maxPages ?? MAX_PAGES;
  const maxEmpty = opts.maxEmptyPages ?? MAX_EMPTY_PAGES;
  const seen = new Set<string>(opts.startLink === undefined ? [] : [opts.startLink]);
  let pages = 0;
  let empty = 0;
  const stop = (why: string) =>
    new O365Error({
      api,
      code: "PAGING_LOOP",
      message: `The ${what} did not end: ${why}; no further page was requested.`,
      hint: "Retry later or with a shorter time window; if it persists, the service (or a proxy in between) is returning a bad next-page link.",
    });
  return {
    follow(link, rowsOnPage) {
      pages++;
      empty = rowsOnPage === 0 ? empty + 1 : 0;
      if (seen.has(link)) throw stop(`its next-page link repeated after ${pages} page(s)`);
      if (pages >= maxPages) throw stop(`it ran past ${maxPages} pages`);
      if (empty >= maxEmpty) throw stop(`${empty} pages in a row held no rows yet pointed to another page`);
      seen.add(link);
    },
    get pages() {
      return pages;
    },
  };
}
