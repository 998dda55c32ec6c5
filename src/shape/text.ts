// Compact text rendering (design.md section 8): a header line with counts, our notes, then each section's
// tenant rows inside a per-response fence (fence.ts). No alignment padding: a value a whole section shares
// is said once ("every row:"), and two or more rows are a tab-separated table under one line of column
// names, a column for every field any row has and an empty cell where a row has none (audit records of
// mixed workloads): field names once per page instead of once per cell, about a third of a record's
// bytes. A single row is tab-separated key=value cells. Tabs inside values are escaped, so the separator
// is unambiguous. Evidence (addresses, IPs, ids, operations, rule parameters,
// file names, subjects) is never shortened; any other long value ends with a cut marker, and a note says
// how to get it whole.
import { compactTable } from "./compact.js";
import { createFence, displayValue, type Fence, trustedLine } from "./fence.js";
import type { Compaction, PageFields, Renderer, Row, Section } from "./view.js";

/** Characters a non-evidence row value keeps by default before it is shortened. */
export const VALUE_CHARS = 160;
/** Facts quote tenant text at more length than a row cell. */
const FACT_CHARS = 400;
/** Fewer rows than this are not worth an "every row" line. */
const FACTOR_MIN_ROWS = 3;

/** Field names whose values are evidence an investigator quotes: never shortened. */
const EVIDENCE =
  /(id|ids|ip|ips|ipaddress|address|addresses|upn|parameters?|operation|subject|filename|name|url|uri|sender|recipient|recipients|key)$/i;

export function isEvidenceField(key: string): boolean {
  return EVIDENCE.test(key);
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/** A key as shown: escaped like a value, and without "=" so it cannot fake a cell boundary. */
function displayKey(key: string): string {
  return displayValue(key).replace(/=/g, "\\=");
}

function keysOf(rows: Row[]): string[] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) if (present(row[key])) keys.add(key);
  return [...keys];
}

/** Byte size of a row as one uncut key=value line: an upper bound of what any section shows for it. */
export function rowTextBytes(row: Row): number {
  const cells = Object.keys(row)
    .filter((k) => present(row[k]))
    .map((k) => `${displayKey(k)}=${displayValue(row[k])}`);
  return Buffer.byteLength(cells.join("\t"), "utf8");
}

interface CellRules {
  maxChars: number;
  /** Keys never shortened besides the evidence ones (e.g. fields the caller named). */
  whole: ReadonlySet<string>;
  /** Keys whose values were shortened, collected for the note. */
  cut: Set<string>;
  /** The section's table compaction (compact.ts), if any. */
  compact?: Compaction;
  /** Our lines on how to read compacted cells, shown before the fence. */
  notes?: string[];
}

function cell(key: string, value: unknown, rules: CellRules, maxChars = rules.maxChars): string {
  if (!present(value)) return "";
  if (isEvidenceField(key) || rules.whole.has(key)) return displayValue(value);
  const shown = displayValue(value, maxChars);
  // Only a shortened value ends with the cut marker: the whole value is escaped again only then.
  if (shown.endsWith("]") && shown !== displayValue(value)) rules.cut.add(key);
  return shown;
}

/** Keys with the same present value in every row (said once instead of on every line). */
function constantKeys(rows: Row[], keys: string[]): string[] {
  if (rows.length < FACTOR_MIN_ROWS) return [];
  return keys.filter((key) => {
    const first = JSON.stringify(rows[0][key]);
    return present(rows[0][key]) && rows.every((r) => JSON.stringify(r[key]) === first);
  });
}

/** The data lines of rows: "every row:" line, compaction lines, then a table or key=value lines. */
export function renderRowLines(records: Row[], rules: CellRules): string[] {
  let rows = records;
  const keys = keysOf(rows);
  const shared = constantKeys(rows, keys);
  const lines: string[] = [];
  if (shared.length > 0) {
    lines.push(
      `every row: ${shared.map((k) => `${displayKey(k)}=${cell(k, rows[0][k], rules)}`).join("\t")}`,
    );
  }
  let rest = keys.filter((k) => !shared.includes(k));
  if (rules.compact && rest.length > 0) {
    const table = compactTable(rows, rest, rules.compact, rules.whole);
    for (const s of table.suffixes) {
      lines.push(`${displayKey(s.column)} "x@" = x${displayValue(s.suffix)}`);
    }
    if (table.lookup) {
      const { by, columns } = table.lookup;
      lines.push(
        `by ${displayKey(by)} (the same on every row with it; an ${displayKey(by)} not listed has none of them):`,
      );
      lines.push(...tableLines(table.lookup.rows, [by, ...columns], rules), "rows:");
    }
    rules.notes?.push(...table.notes);
    rows = table.rows;
    // Dense columns first, so a row's empty cells come last and are left off.
    const filled = (k: string) => rows.filter((r) => present(r[k])).length;
    rest = rest.filter((k) => !table.dropped.has(k)).sort((a, b) => filled(b) - filled(a));
  }
  if (rest.length === 0) return lines;
  if (rows.length >= 2) return [...lines, ...tableLines(rows, rest, rules)];
  for (const row of rows) {
    lines.push(
      rest
        .filter((k) => present(row[k]))
        .map((k) => `${displayKey(k)}=${cell(k, row[k], rules)}`)
        .join("\t"),
    );
  }
  return lines;
}

/** A header line of column names, then one tab-separated line per row (an empty cell where it has none). */
function tableLines(rows: Row[], columns: string[], rules: CellRules): string[] {
  const line = (row: Row) => columns.map((k) => cell(k, row[k], rules)).join("\t");
  // A compacted table leaves trailing empty cells off: tabs inside values are escaped, so none is lost.
  const shown = rules.compact ? (row: Row) => line(row).replace(/\t+$/, "") : line;
  return [columns.map(displayKey).join("\t"), ...rows.map(shown)];
}

function pageLines(page: PageFields): string[] {
  return [
    typeof page.truncated === "string" ? page.truncated : "",
    typeof page.nextCursor === "string" ? `nextCursor: ${page.nextCursor}` : "",
  ];
}

function cutNote(section: Section, cut: Set<string>): string {
  const fields = [...cut];
  const how = section.wholeHint?.(fields) ?? "structuredContent has the whole values.";
  return `Shortened values (${fields.join(", ")}) end with …[+N chars]: ${how}`;
}

function sectionLines(section: Section, fence: Fence): string[] {
  const lines = section.title ? [trustedLine(section.title)] : [];
  const facts = Object.entries(section.facts ?? {});
  if (facts.length === 0 && section.rows.length === 0) {
    if (section.empty) lines.push(trustedLine(section.empty));
    return lines;
  }
  const rules: CellRules = {
    maxChars: section.valueChars ?? VALUE_CHARS,
    whole: new Set(section.whole ?? []),
    cut: new Set(),
    compact: section.compact,
    notes: [],
  };
  const data = [
    ...facts.map(([k, v]) => `${displayKey(k)}: ${cell(k, v, rules, FACT_CHARS)}`),
    ...renderRowLines(section.rows, rules),
  ];
  if (rules.cut.size > 0) lines.push(cutNote(section, rules.cut));
  lines.push(...(rules.notes ?? []).map(trustedLine));
  lines.push(fence.notice, fence.wrap(data));
  return lines;
}

/** The compact text of a result: header, notes, paging lines, trailer, then each section in its fence. */
export const renderText: Renderer = (view, page) => {
  const fence = createFence();
  const trusted = [...(view.notes ?? []), ...pageLines(page), ...(view.trailer ?? [])]
    .filter((l) => l)
    .map(trustedLine);
  return [trustedLine(view.header), ...trusted, ...view.sections.flatMap((s) => sectionLines(s, fence))].join(
    "\n",
  );
};
