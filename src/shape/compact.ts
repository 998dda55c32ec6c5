// Table compaction for the text of record tables (design.md section 8), opted into per section: each one
// drops bytes that repeat on every row and says so once, so nothing is lost and nothing is cut silently.
// structuredContent keeps every value whole.
//   time     ISO times show the date only where it changes (on the first row and at each new day).
//   id       GUID ids show their shortest prefix (at least 8 characters) that is unique in the section.
//   by       a column with one value per value of another ("RecordType by Operation") is said once.
//   domains  a column whose values all end in the same @domain shows it once.
import type { Compaction, Row } from "./view.js";

/** Fewer rows than this are not worth a line of explanation. */
const MIN_ROWS = 3;
const ID_PREFIXES = [8, 12, 16, 20] as const;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?)$/;

export interface CompactTable {
  rows: Row[];
  /** Columns said once instead of in the table. */
  dropped: Set<string>;
  /** Fenced data lines: column = value of `by` for each value of `by`. */
  mappings: { column: string; by: string; pairs: [unknown, unknown][] }[];
  /** Fenced data lines: every value of `column` ends with `suffix`, left out of the cells. */
  suffixes: { column: string; suffix: string }[];
  /** Our lines saying how to read the shortened cells (column names only, no tenant data). */
  notes: string[];
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

/** The times of `key` with the date only on the first row and where the day changes. */
function shortenTimes(rows: Row[], key: string, notes: string[]): Row[] {
  const all = rows.filter((r) => present(r[key]));
  if (all.length < MIN_ROWS || !all.every((r) => typeof r[key] === "string" && ISO_TIME.test(r[key])))
    return rows;
  let day: string | undefined;
  const out = rows.map((row) => {
    const match = typeof row[key] === "string" ? ISO_TIME.exec(row[key]) : null;
    if (!match) return row;
    const [whole, date, time] = match;
    const shown = date === day ? time : whole;
    day = date;
    return { ...row, [key]: shown };
  });
  notes.push(`${key}: the date is shown on the first row of each day.`);
  return out;
}

/** GUIDs of `key` as their shortest prefix unique among these rows. */
function shortenIds(rows: Row[], key: string, hint: string | undefined, notes: string[]): Row[] {
  const ids = rows.map((r) => r[key]).filter(present);
  if (ids.length === 0 || !ids.every((id) => typeof id === "string" && GUID.test(id))) return rows;
  const length = ID_PREFIXES.find(
    (n) => new Set(ids.map((id) => String(id).slice(0, n).toLowerCase())).size === ids.length,
  );
  if (length === undefined) return rows;
  notes.push(
    `${key}: the first ${length} characters of each record's ${key} (unique here).${hint ? ` ${hint}` : ""}`,
  );
  return rows.map((row) => (present(row[key]) ? { ...row, [key]: String(row[key]).slice(0, length) } : row));
}

/** The one value of `column` for each value of `by`, when there is exactly one and few of them. */
function dependentPairs(rows: Row[], column: string, by: string): [unknown, unknown][] | undefined {
  const pairs = new Map<string, [unknown, unknown]>();
  for (const row of rows) {
    if (!present(row[by])) {
      if (present(row[column])) return undefined;
      continue;
    }
    const k = JSON.stringify(row[by]);
    const seen = pairs.get(k);
    if (seen === undefined) pairs.set(k, [row[by], row[column]]);
    else if (JSON.stringify(seen[1] ?? null) !== JSON.stringify(row[column] ?? null)) return undefined;
  }
  const said = [...pairs.values()].filter(([, v]) => present(v));
  // Worth a line only when it replaces at least two cells per value said.
  return said.length > 0 && said.length * 2 <= rows.filter((r) => present(r[column])).length
    ? said
    : undefined;
}

/** The "@domain" every value of the column ends with, if they all share one. */
function sharedDomain(rows: Row[], key: string): string | undefined {
  const values = rows.map((r) => r[key]).filter(present);
  if (values.length < MIN_ROWS) return undefined;
  let domain: string | undefined;
  for (const value of values) {
    if (typeof value !== "string") return undefined;
    const at = value.lastIndexOf("@");
    if (at <= 0 || at === value.length - 1) return undefined;
    const own = value.slice(at);
    if (domain === undefined) domain = own;
    else if (own !== domain) return undefined;
  }
  return domain;
}

/** `whole` names columns the caller asked for by name: those are never folded. */
export function compactTable(
  rows: Row[],
  columns: string[],
  spec: Compaction,
  whole: ReadonlySet<string> = new Set(),
): CompactTable {
  const table: CompactTable = { rows, dropped: new Set(), mappings: [], suffixes: [], notes: [] };
  if (rows.length < MIN_ROWS) return table;
  const keys = columns.filter((k) => !whole.has(k));
  if (spec.by) {
    for (const column of spec.by.columns) {
      if (!keys.includes(column)) continue;
      const pairs = dependentPairs(rows, column, spec.by.key);
      if (!pairs) continue;
      table.mappings.push({ column, by: spec.by.key, pairs });
      table.dropped.add(column);
    }
  }
  let out = rows;
  if (spec.domains) {
    for (const key of keys) {
      if (table.dropped.has(key) || key === spec.id?.key || key === spec.time) continue;
      const domain = sharedDomain(out, key);
      if (!domain) continue;
      table.suffixes.push({ column: key, suffix: domain });
      out = out.map((row) =>
        present(row[key]) ? { ...row, [key]: String(row[key]).slice(0, -domain.length) } : row,
      );
    }
  }
  if (spec.time && keys.includes(spec.time)) out = shortenTimes(out, spec.time, table.notes);
  if (spec.id && keys.includes(spec.id.key)) out = shortenIds(out, spec.id.key, spec.id.hint, table.notes);
  table.rows = out;
  return table;
}
