// Paging of records and of the query list (audit-search-api.md 1.4, 1.5): $top (default page 150, the one
// observation), an opaque $skiptoken in an absolute @odata.nextLink that keeps $top, and @odata.count on
// every page equal to the items on that page.
import { GraphError } from "../graph/errors.js";

export const DEFAULT_PAGE_SIZE = 150;
/** Clients send up to 10,000 (DFIR-O365RC); the real maximum is unknown (7.9), larger values are clamped. */
export const MAX_PAGE_SIZE = 10_000;

export interface PageRequest {
  top: number;
  offset: number;
}

export function pageRequest(url: URL, defaultTop = DEFAULT_PAGE_SIZE): PageRequest {
  const rawTop = url.searchParams.get("$top");
  let top = defaultTop;
  if (rawTop !== null) {
    if (!/^\d+$/.test(rawTop) || Number(rawTop) < 1)
      throw new GraphError(400, "BadRequest", `Invalid value '${rawTop}' for $top: give a positive integer.`);
    top = Math.min(Number(rawTop), MAX_PAGE_SIZE);
  }
  const token = url.searchParams.get("$skiptoken");
  return { top, offset: token === null ? 0 : decodeSkipToken(token) };
}

/** The token looks like the service's (1.5): a "1!N!" prefix and base64 with '=' written as '-'. */
export function encodeSkipToken(offset: number): string {
  const body = Buffer.from(String(offset)).toString("base64").replace(/=/g, "-");
  return `1!${body.length}!${body}`;
}

function decodeSkipToken(token: string): number {
  const match = /^1!(\d+)!([A-Za-z0-9+/-]+)$/.exec(token);
  const text = match ? Buffer.from(match[2].replace(/-/g, "="), "base64").toString("utf8") : "";
  if (!match || !/^\d{1,9}$/.test(text))
    throw new GraphError(400, "BadRequest", "The $skiptoken is not valid. Follow @odata.nextLink as given.");
  return Number(text);
}

/** A page of `items` and the nextLink to the rest (absolute, built on `base`, keeping $top). */
export function page<T>(
  items: readonly T[],
  request: PageRequest,
  base: string,
): { slice: T[]; nextLink?: string } {
  const slice = items.slice(request.offset, request.offset + request.top);
  const next = request.offset + slice.length;
  if (next >= items.length || slice.length === 0) return { slice };
  const query = `$top=${request.top}&$skiptoken=${encodeURIComponent(encodeSkipToken(next))}`;
  return { slice, nextLink: `${base}?${query}` };
}
