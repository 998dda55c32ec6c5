// Output budget (design.md section 8): a result stops at a record boundary once its rows would pass the
// byte budget or the caller's limit; the tool then returns nextCursor and a note. A row counts as the larger
// of its JSON (structuredContent) and its uncut text line, so neither form of the result passes the budget.
import { rowTextBytes } from "./text.js";

/** Bytes kept back for the header, notes, fence lines and cursor of a result. */
export const OVERHEAD_BYTES = 2048;

export interface OutputBudget<T> {
  /** Adds the row when it fits (the first row always does, so paging always progresses). */
  add(row: T): boolean;
  /** True once a row was refused or the limit was reached. */
  readonly full: boolean;
  readonly rows: T[];
  readonly bytes: number;
  /** Why the result was cut, for the tool output; undefined while nothing was refused. */
  readonly reason: "limit" | "budget" | undefined;
}

function rowBytes(row: unknown): number {
  const json = Buffer.byteLength(JSON.stringify(row), "utf8");
  return row && typeof row === "object" && !Array.isArray(row)
    ? Math.max(json, rowTextBytes(row as Record<string, unknown>))
    : json;
}

export function createBudget<T>(opts: { budgetBytes: number; limit?: number }): OutputBudget<T> {
  const maxBytes = Math.max(opts.budgetBytes - OVERHEAD_BYTES, 1);
  const limit = opts.limit ?? Number.POSITIVE_INFINITY;
  const rows: T[] = [];
  let bytes = 0;
  let reason: "limit" | "budget" | undefined;
  return {
    add(row) {
      if (reason !== undefined) return false;
      if (rows.length >= limit) {
        reason = "limit";
        return false;
      }
      const size = rowBytes(row) + 1;
      if (rows.length > 0 && bytes + size > maxBytes) {
        reason = "budget";
        return false;
      }
      rows.push(row);
      bytes += size;
      if (rows.length >= limit) reason = "limit";
      return true;
    },
    get full() {
      return reason !== undefined;
    },
    rows,
    get bytes() {
      return bytes;
    },
    get reason() {
      return reason;
    },
  };
}

/** The note a cut result carries. */
export function truncationNote(reason: "limit" | "budget", returned: number, noun: string): string {
  const why = reason === "limit" ? "the requested limit" : "the output budget";
  return `Returned ${returned} ${noun} (stopped at ${why}); call again with the same arguments and cursor=nextCursor for more.`;
}
