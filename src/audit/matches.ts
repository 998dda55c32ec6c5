// Collects the matches of one search while blobs stream in: dedupes by record Id (o365-api.md 1.5.6: the
// API does not), counts, and keeps only the page in memory (the smallest keys after the cursor) in a max-heap.
import type { AuditRecord } from "../management/types.js";
import type { MatchKey } from "./types.js";

function compareKeys(a: MatchKey, b: MatchKey): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

interface Entry {
  key: MatchKey;
  record: AuditRecord;
}

export class MatchCollector {
  private readonly seen = new Set<string>();
  /** Max-heap on key: the root is the largest kept entry, evicted first. */
  private readonly heap: Entry[] = [];
  total = 0;
  duplicates = 0;
  /** Matches at or before `after`. */
  skipped = 0;
  /** Matches after `after` that did not fit the page. */
  overflow = 0;

  constructor(
    private readonly capacity: number,
    private readonly after?: MatchKey,
  ) {}

  /** Returns false when the record is a duplicate of one already collected. */
  add(record: AuditRecord, time: number): boolean {
    const id = typeof record.Id === "string" ? record.Id : "";
    if (id !== "") {
      if (this.seen.has(id)) {
        this.duplicates++;
        return false;
      }
      this.seen.add(id);
    }
    this.total++;
    const key = { time, id };
    if (this.after && compareKeys(key, this.after) <= 0) {
      this.skipped++;
      return true;
    }
    if (this.heap.length < this.capacity) {
      this.push({ key, record });
    } else if (this.capacity > 0 && compareKeys(key, this.heap[0].key) < 0) {
      this.heap[0] = { key, record };
      this.siftDown(0);
      this.overflow++;
    } else {
      this.overflow++;
    }
    return true;
  }

  /** The kept matches in ascending key order. */
  sorted(): { records: AuditRecord[]; keys: MatchKey[] } {
    const entries = [...this.heap].sort((a, b) => compareKeys(a.key, b.key));
    return { records: entries.map((e) => e.record), keys: entries.map((e) => e.key) };
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compareKeys(heap[i].key, heap[parent].key) <= 0) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    let i = start;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let largest = i;
      if (left < heap.length && compareKeys(heap[left].key, heap[largest].key) > 0) largest = left;
      if (right < heap.length && compareKeys(heap[right].key, heap[largest].key) > 0) largest = right;
      if (largest === i) return;
      [heap[i], heap[largest]] = [heap[largest], heap[i]];
      i = largest;
    }
  }
}
