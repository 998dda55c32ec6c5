// What a tool result shows, before any output format (design.md section 8): a header, our own notes and
// sections of tenant rows. A renderer turns a view into one format (text.ts is the compact text); it adds
// the paging lines from the result itself, so every tool shows nextCursor and truncated the same way.

export type Row = Record<string, unknown>;

export interface Section {
  /** Trusted line before the section's data, e.g. "Counts by Operation:". */
  title?: string;
  /** Labelled tenant values shown with the rows, before them (e.g. a verdict that quotes the message). */
  facts?: Record<string, unknown>;
  /** Tenant data, one row per record. */
  rows: Row[];
  /** Trusted text shown when there are neither facts nor rows. */
  empty?: string;
  /** Characters a non-evidence row value may take before it is shortened (with a marker). */
  valueChars?: number;
  /** Keys never shortened besides the evidence ones, e.g. the fields the caller named. */
  whole?: string[];
  /** Trusted text saying how to get shortened values whole, given the keys that were shortened. */
  wholeHint?: (keys: string[]) => string;
  /** Text-only compaction of a record table (compact.ts); absent, every cell is shown as it is. */
  compact?: Compaction;
}

/** What compact.ts may fold in a section's table; each fold is said once, nothing is dropped unsaid. */
export interface Compaction {
  /** ISO time column: the date only where it changes. */
  time?: string;
  /** GUID column: the shortest unique prefix; `hint` says how to get a record whole from it. */
  id?: { key: string; hint?: string };
  /** Columns with one value per value of `key`, said once as a mapping (RecordType by Operation). */
  by?: { key: string; columns: string[] };
  /** Columns whose values mostly end in one @domain show "alice@" and say the domain once. */
  domains?: boolean;
}

export interface ResultView {
  /** First line: what this is, with counts. */
  header: string;
  /** Trusted lines of ours (windows, coverage, caveats), before the paging lines. */
  notes?: string[];
  /** Trusted lines after the paging lines, e.g. what to do with the rows. */
  trailer?: string[];
  sections: Section[];
}

/** The paging fields of a result (page.ts), which a renderer shows from the result, not from the view. */
export interface PageFields {
  nextCursor?: unknown;
  truncated?: unknown;
}

/** One output format: a new format is one more function of this type. */
export type Renderer = (view: ResultView, page: PageFields) => string;
