// The `since` prompt argument: a relative age ("24h", "7d") or a UTC date/time ("2026-11-20"), turned into
// the concrete startTime the plan passes to the tools.
import { completable, ProtocolError, ProtocolErrorCode } from "@modelcontextprotocol/server";
import { z } from "zod";
import { RETENTION_MS } from "../src/management/windows.js";

const RELATIVE = ["1h", "6h", "12h", "24h", "48h", "72h", "7d", "10d"];
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

/** `start`, or the oldest start the audit feed still serves (7 days, o365-api.md 1.5.5) with 10 minutes'
 * margin so the window is still valid when the model makes the call. */
export function auditStart(start: Date, now: Date): Date {
  return new Date(Math.max(start.getTime(), now.getTime() - RETENTION_MS + 600_000));
}

/** ISO-8601 UTC without milliseconds, as the tool descriptions show it. */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
