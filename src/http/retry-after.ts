// Server-suggested waits: the Retry-After header (seconds or HTTP date) and the Management API's
// "Please retry again after 8m 46s" text (o365-api.md 1.5.1, 1.8).

export function parseRetryAfter(value: string | undefined, now: Date = new Date()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now.getTime());
}

/** "retry again after 8m 46s" / "after 1h 2m" / "after 30s" -> ms. */
export function parseRetryAfterText(message: string | undefined): number | undefined {
  if (!message) return undefined;
  const m = /after\s+((?:\d+\s*[hms]\s*)+)/i.exec(message);
  if (!m) return undefined;
  let ms = 0;
  for (const [, n, unit] of m[1].matchAll(/(\d+)\s*([hms])/gi)) {
    const factor = unit.toLowerCase() === "h" ? 3_600_000 : unit.toLowerCase() === "m" ? 60_000 : 1000;
    ms += Number(n) * factor;
  }
  return ms;
}
