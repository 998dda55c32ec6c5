// Table compaction for the text of record tables (design.md section 8), opted into per section: each one
// drops bytes that repeat on every row and says so once, so nothing is lost and nothing is cut silently.
// structuredContent keeps every value whole.
//   time     ISO times show the date only where it changes (on the first row and at each new day).
//   id       GUID ids show their shortest prefix (at least 8 characters) that is unique in the section.
//   by       columns with one value per value of another (RecordType, ResultStatus per Operation) are said
//            once, in a lookup table before the rows.
//   domains  a column whose values mostly end in one @domain shows them as "alice@" and says the domain once.
import type { Compaction, Row } from "./view.js";

/** Fewer rows than this are not worth a line of explanation. */
const MIN_ROWS = 3;
const ID_PREFIXES = [8, 12, 16, 20] as const;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A whole address (a UPN): only those fold, so a domain inside other text is never touched. */
const ADDRESS = /^[^\s@]+(@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)$/;
const ISO_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?Z?)$/;

export interface CompactTable {
  rows: Row[];
  /** Columns said once instead of in the table. */
  dropped: Set<string>;
  /** A lookup table of the columns that follow `by`: one row per value of `by`, said before the rows. */
  lookup?: { by: string; columns: string[]; rows: Row[] };
  /** Fenced data lines: a value of `column` ending in "@" stands for it plus `suffix` (from its "@" on). */
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
  notes.push(`${key}: the date only on a day's first row.`);
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
  notes.push(`${key}: its first ${length} characters (unique here).${hint ? ` ${hint}` : ""}`);
  return rows.map((row) => (present(row[key]) ? { ...row, [key]: String(row[key]).slice(0, length) } : row));
}

/** The one value of `column` for each value of `by` (absent counts as a value), if there is exactly one. */
function dependentValues(rows: Row[], column: string, by: string): Map<string, unknown> | undefined {
  const values = new Map<string, unknown>();
  for (const row of rows) {
    if (!present(row[by])) {
      if (present(row[column])) return undefined;
      continue;
    }
    const k = JSON.stringify(row[by]);
    if (!values.has(k)) values.set(k, row[column]);
    else if (JSON.stringify(values.get(k) ?? null) !== JSON.stringify(row[column] ?? null)) return undefined;
  }
  return values;
}

/** Characters of a value as a cell (an estimate: escapes aside), with its separator. */
const cellChars = (value: unknown) =>
  !present(value) ? 1 : (typeof value === "object" ? JSON.stringify(value) : String(value)).length + 1;

/**
 * The columns that follow `by`, as a lookup table with a row for each value of `by` that has any of them
 * (first-seen order); only when the cells it removes from the rows outweigh twice what it adds.
 */
function lookupTable(rows: Row[], keys: string[], by: string, candidates: string[]): CompactTable["lookup"] {
  const columns: string[] = [];
  const found = new Map<string, Map<string, unknown>>();
  for (const column of candidates) {
    if (column === by || !keys.includes(column)) continue;
    const values = dependentValues(rows, column, by);
    if (!values) continue;
    const saved = rows.reduce((n, r) => n + cellChars(r[column]), 0);
    const said = [...values.values()].reduce<number>((n, v) => n + cellChars(v), 0);
    if (saved < 2 * said) continue;
    columns.push(column);
    found.set(column, values);
  }
  if (columns.length === 0) return undefined;
  const seen = new Map<string, Row>();
  for (const row of rows) {
    if (!present(row[by])) continue;
    const k = JSON.stringify(row[by]);
    if (seen.has(k) || !columns.some((c) => present(found.get(c)?.get(k)))) continue;
    const entry: Row = { [by]: row[by] };
    for (const column of columns) entry[column] = found.get(column)?.get(k);
    seen.set(k, entry);
  }
  return { by, columns, rows: [...seen.values()] };
}

/**
 * The "@domain" most values of the column end with (at least half, and MIN_ROWS), when no other value ends
 * in "@": a folded value keeps its "@", so "alice@" can only mean alice plus that domain.
 */
function commonDomain(rows: Row[], key: string): string | undefined {
  const values = rows.map((r) => r[key]).filter(present);
  const counts = new Map<string, number>();
  for (const value of values) {
    if (typeof value !== "string") continue;
    if (value.endsWith("@")) return undefined;
    const domain = ADDRESS.exec(value)?.[1];
    if (domain === undefined) continue;
    counts.set(domain, (counts.get(domain) ?? 0) + 1);
  }
  const [domain, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
  return n >= MIN_ROWS && n * 2 >= values.length ? domain : undefined;
}

/** `whole` names columns the caller asked for by name: those are never folded. */
export function compactTable(
  rows: Row[],
  columns: string[],
  spec: Compaction,
  whole: ReadonlySet<string> = new Set(),
): CompactTable {
  const table: CompactTable = { rows, dropped: new Set(), suffixes: [], notes: [] };
  if (rows.length < MIN_ROWS) return table;
  const keys = columns.filter((k) => !whole.has(k));
  if (spec.by) {
    table.lookup = lookupTable(rows, keys, spec.by.key, spec.by.columns);
    for (const column of table.lookup?.columns ?? []) table.dropped.add(column);
  }
  let out = rows;
  if (spec.domains) {
    for (const key of keys) {
      if (table.dropped.has(key) || key === spec.id?.key || key === spec.time) continue;
      const domain = commonDomain(out, key);
      if (!domain) continue;
      table.suffixes.push({ column: key, suffix: domain });
      const cut = domain.length - 1;
      out = out.map((row) => {
        const value = row[key];
        return typeof value === "string" && ADDRESS.exec(value)?.[1] === domain
          ? { ...row, [key]: value.slice(0, -cut) }
          : row;
      });
    }
  }
  if (spec.time && keys.includes(spec.time)) out = shortenTimes(out, spec.time, table.notes);
  if (spec.id && keys.includes(spec.id.key)) out = shortenIds(out, spec.id.key, spec.id.hint, table.notes);
  table.rows = out;
  return table;
}
