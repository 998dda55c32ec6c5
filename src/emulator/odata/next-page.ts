// The next-page link both message-trace services write: the caller's own query, re-encoded, with its
// $skiptoken replaced (o365-api.md 2.3, 3.2).

/**
 * The query string (without "?") of `url` with `$skiptoken` set to `skipToken`. Graph reads option names
 * in any case; the Reporting Web Service only as written (`ignoreCase` false).
 */
export function nextPageQuery(url: URL, skipToken: string, ignoreCase: boolean): string {
  const parts: string[] = [];
  for (const [key, value] of url.searchParams) {
    if ((ignoreCase ? key.toLowerCase() : key) === "$skiptoken") continue;
    parts.push(`${encodeURIComponent(key).replace(/%24/g, "$")}=${encodeURIComponent(value)}`);
  }
  parts.push(`$skiptoken=${skipToken}`);
  return parts.join("&");
}
