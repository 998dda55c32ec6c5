// Compact text rendering (design.md section 8): a header line with counts, then one line per row with
// aligned key=value columns. Row data always goes inside a per-response fence (fence.ts).
import { createFence, displayValue, type Fence } from "./fence.js";
import type { PageFields, Renderer, Section } from "./view.js";

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

/** Facts quote tenant text at more length than a row cell. */
const FACT_CHARS = 400;

function pageLines(page: PageFields): string[] {
  return [
    typeof page.truncated === "string" ? page.truncated : "",
    typeof page.nextCursor === "string" ? `nextCursor: ${page.nextCursor}` : "",
  ];
}

function sectionLines(section: Section, fence: Fence): string[] {
  const lines = section.title ? [section.title] : [];
  const facts = Object.entries(section.facts ?? {}).map(([k, v]) => `${k}: ${displayValue(v, FACT_CHARS)}`);
  if (facts.length === 0 && section.rows.length === 0) {
    if (section.empty) lines.push(section.empty);
    return lines;
  }
  lines.push(fence.notice, fence.wrap([...facts, ...renderRowLines(section.rows, section.valueChars)]));
  return lines;
}

/** The compact text of a result: header, notes, paging lines, trailer, then each section in its fence. */
export const renderText: Renderer = (view, page) => {
  const fence = createFence();
  const trusted = [...(view.notes ?? []), ...pageLines(page), ...(view.trailer ?? [])].filter((l) => l);
  return [view.header, ...trusted, ...view.sections.flatMap((s) => sectionLines(s, fence))].join("\n");
};
