// The `since` prompt argument: a relative age ("24h", "7d") or a UTC date/time ("2026-11-20"), turned into
// the concrete startTime the plan passes to the tools.
import { completable, ProtocolError, ProtocolErrorCode } from "@modelcontextprotocol/server";
import { z } from "zod";
import { DEFAULT_RETENTION_DAYS } from "../src/audit/query.js";
import { RETENTION_MS } from "../src/management/windows.js";

const RELATIVE = ["1h", "6h", "12h", "24h", "48h", "72h", "7d", "10d", "30d"];
const UNIT_MS = { h: 3_600_000, d: 86_400_000 } as const;

/** Completion values: relative ages, then the last 10 UTC dates, filtered by what was typed. */
export function sinceCompletions(value: string, now: Date): string[] {
  const dates = Array.from({ length: 10 }, (_, i) =>
    new Date(now.getTime() - i * UNIT_MS.d).toISOString().slice(0, 10),
  );
  const typed = value.trim().toLowerCase();
  return [...RELATIVE, ...dates].filter((v) => v.startsWith(typed));
}

export function sinceArg(now: () => Date, what: string) {
  // v2 reads completion metadata under an outer optional, so .optional() wraps the completable (not the
  // string inside it, as in v1).
  return completable(
    z
      .string()
      .describe(
        `How far back to look for ${what}: 24h, 48h, 7d, or a UTC date like 2026-11-20 (default 48h)`,
      ),
    (value) => sinceCompletions(value ?? "", now()),
  ).optional();
}

/** Resolves `since` to a start time; invalid text is a prompt argument error (-32602). */
export function resolveSince(since: string | undefined, now: Date, fallback = "48h"): Date {
  const text = (since ?? "").trim() || fallback;
  const rel = /^(\d{1,4})\s*([hd])$/i.exec(text);
  if (rel) return new Date(now.getTime() - Number(rel[1]) * UNIT_MS[rel[2].toLowerCase() as "h" | "d"]);
  if (/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d\d:?\d\d)?)?$/i.test(text)) {
    const hasZone = /(Z|[+-]\d\d:?\d\d)$/i.test(text) || text.length === 10;
    const ms = Date.parse(hasZone ? text : `${text}Z`);
    if (!Number.isNaN(ms) && ms <= now.getTime()) return new Date(ms);
  }
  throw new ProtocolError(
    ProtocolErrorCode.InvalidParams,
    `since "${text.slice(0, 40)}" is not understood: give an age like 24h, 48h, 7d or a past UTC date like 2026-11-20`,
  );
}

/** `start`, or the oldest start search_audit_log still serves: the audit retention (180 days by default;
 * past the feed's 7 days through the audit search API, audit-search-api.md 4.4), with 10 minutes' margin
 * so the window is still valid when the model makes the call. */
export function auditStart(start: Date, now: Date, retentionDays = DEFAULT_RETENTION_DAYS): Date {
  return new Date(Math.max(start.getTime(), now.getTime() - retentionDays * UNIT_MS.d + 600_000));
}

/** One line for plans whose audit searches may reach past the feed's 7 days. */
export function historyNote(start: Date, now: Date): string | undefined {
  if (start.getTime() >= now.getTime() - RETENTION_MS) return undefined;
  return 'Searches starting more than 7 days back also read the Purview audit search API (e.g. "what did 203.0.113.66 do in the last 30 days?" is one search_audit_log call with that clientIps and startTime): it can take minutes; when coverage.history is not complete because the query is still running, call again with the result\'s nextCursor (it resumes the same query).';
}

/** ISO-8601 UTC without milliseconds, as the tool descriptions show it. */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
