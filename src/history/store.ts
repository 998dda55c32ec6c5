// Remembers the audit search queries this server created, so a repeat of the same question reuses one
// instead of spending a submission (200 per tenant per day, audit-search-api.md 4.6) and minutes of
// waiting. Memory, plus one JSON file under O365_CACHE_DIR when set (atomic write, mode 0600). A query is
// reused while its results are available: Graph documents no result retention (2.4, UNCONFIRMED), clients
// re-page succeeded queries up to a day old, and a running query is kept as long (the backend's timeout
// is 86,400 s, 2.6); failed and cancelled ones are never reused.
import { createHash } from "node:crypto";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { QueryFilters } from "./filters.js";
import { isResumable } from "./wire.js";

export const QUERY_REUSE_MS = 24 * 3_600_000;
const MAX_ENTRIES = 500;
const FILE = "audit-search-queries.json";

const entrySchema = z.object({
  tenantId: z.string(),
  filterKey: z.string(),
  start: z.number(),
  end: z.number(),
  queryId: z.string(),
  version: z.enum(["v1.0", "beta"]),
  createdAt: z.number(),
  status: z.string(),
});
export type StoredQuery = z.infer<typeof entrySchema>;
const fileSchema = z.object({ queries: z.array(entrySchema) });

/** The filters as a stable key: equal questions give equal keys whatever the order of their values. */
export function filterKey(filters: QueryFilters): string {
  const sorted = Object.fromEntries(Object.entries(filters).sort(([a], [b]) => (a < b ? -1 : 1)));
  return createHash("sha256").update(JSON.stringify(sorted)).digest("hex").slice(0, 32);
}

export interface QueryStoreDeps {
  dir?: string;
  now: () => number;
  log: (line: string) => void;
}

export class QueryStore {
  private entries: StoredQuery[] = [];
  private loaded: Promise<void> | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: QueryStoreDeps) {}

  private load(): Promise<void> {
    this.loaded ??= (async () => {
      if (!this.deps.dir) return;
      try {
        const parsed = fileSchema.safeParse(JSON.parse(await readFile(join(this.deps.dir, FILE), "utf8")));
        if (parsed.success) this.entries = parsed.data.queries;
        else this.deps.log("audit search query store: ignored a damaged file");
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT")
          this.deps.log("audit search query store: could not read the file; starting empty");
      }
    })();
    return this.loaded;
  }

  private usable(e: StoredQuery): boolean {
    return isResumable(e.status) && this.deps.now() - e.createdAt < QUERY_REUSE_MS;
  }

  /** A stored query of the same tenant and filters whose window covers [start, end); succeeded ones first. */
  async find(tenantId: string, key: string, start: number, end: number): Promise<StoredQuery | undefined> {
    await this.load();
    const fits = this.entries.filter(
      (e) =>
        e.tenantId === tenantId && e.filterKey === key && e.start <= start && e.end >= end && this.usable(e),
    );
    return fits.find((e) => e.status === "succeeded") ?? fits[0];
  }

  async put(entry: StoredQuery): Promise<void> {
    await this.load();
    this.entries = [
      ...this.entries.filter((e) => e.queryId !== entry.queryId && this.usable(e)),
      entry,
    ].slice(-MAX_ENTRIES);
    await this.save();
  }

  async update(queryId: string, status: string): Promise<void> {
    await this.load();
    const entry = this.entries.find((e) => e.queryId === queryId);
    if (!entry || entry.status === status) return;
    entry.status = status;
    await this.save();
  }

  async forget(queryId: string): Promise<void> {
    await this.load();
    this.entries = this.entries.filter((e) => e.queryId !== queryId);
    await this.save();
  }

  private save(): Promise<void> {
    const dir = this.deps.dir;
    if (!dir) return Promise.resolve();
    const text = JSON.stringify({ queries: this.entries });
    // Writes in order; a failed write is logged, never fatal: the store is an optimisation.
    this.writing = this.writing.then(async () => {
      try {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        const tmp = join(dir, `${FILE}.${process.pid}.tmp`);
        await writeFile(tmp, text, { mode: 0o600 });
        await rename(tmp, join(dir, FILE));
      } catch {
        this.deps.log("audit search query store: could not write the file");
      }
    });
    return this.writing;
  }
}
