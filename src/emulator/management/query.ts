// Query parameters of the Management Activity API, read by name in any case: the service hands out
// NextPageUri links with lower-case names (contenttype, starttime, endtime, nextpage) and accepts them
// back, so it reads names case-insensitively (o365-api.md 1.5.5).

/** The first value of `name`, matched case-insensitively; null when absent. */
export function queryParam(url: URL, name: string): string | null {
  const lower = name.toLowerCase();
  for (const [key, value] of url.searchParams) if (key.toLowerCase() === lower) return value;
  return null;
}
