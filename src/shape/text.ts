// Compact text rendering (design.md section 8): a header line with counts, then one line per row with
// aligned key=value columns. Row data always goes inside a per-response fence (fence.ts).
import { createFence, displayValue } from "./fence.js";

/** Column width cap, so one long value does not push every row wide. */
const MAX_COLUMN = 48;

/** Renders rows as aligned `key=value` columns; keys appear in first-seen order, empty values skipped. */
export function renderRowLines(rows: Record<string, unknown>[], maxValueChars = 160): string[] {
  const keys: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        keys.push(key);
      }
    }
  }
  const cells = rows.map((row) =>
    keys.map((key) => {
      const value = row[key];
      if (value === undefined || value === null || value === "") return "";
      return `${key}=${displayValue(value, maxValueChars)}`;
    }),
  );
  const widths = keys.map((_, i) => Math.min(MAX_COLUMN, Math.max(0, ...cells.map((c) => c[i].length))));
  return cells.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i])))
      .join("  ")
      .trimEnd(),
  );
}

export interface TextResult {
  /** First line: what this is, with counts. */
  header: string;
  /** Trusted lines of ours (notes, next cursor, windows): outside the fence. */
  notes?: string[];
  /** Tenant data rows, rendered inside the fence. */
  rows: Record<string, unknown>[];
  /** Shown inside the fence when there are no rows. */
  empty?: string;
}

export function renderText(result: TextResult): string {
  const parts = [result.header];
  for (const note of result.notes ?? []) if (note) parts.push(note);
  if (result.rows.length === 0) {
    if (result.empty) parts.push(result.empty);
    return parts.join("\n");
  }
  const fence = createFence();
  parts.push(fence.notice);
  parts.push(fence.wrap(renderRowLines(result.rows)));
  return parts.join("\n");
}
