// The message-trace side of a timeline, kept a short while per question: every page of one timeline is cut
// from the same trace answer, and paging costs no message-trace request (o365-api.md 3.2: Graph allows 100
// per 5 minutes per tenant, and one timeline spends about a dozen). The audit side has its own content cache.
import type { MailFindings } from "./mail.js";

/** A cursor outlives this; its next page then traces again (and may see mail that arrived since). */
const TTL_MS = 15 * 60_000;
const MAX_ENTRIES = 16;

export interface MailCache {
  get(key: string): MailFindings | undefined;
  set(key: string, findings: MailFindings): void;
}

export function createMailCache(opts: { now: () => Date; ttlMs?: number; maxEntries?: number }): MailCache {
  const ttl = opts.ttlMs ?? TTL_MS;
  const max = opts.maxEntries ?? MAX_ENTRIES;
  const entries = new Map<string, { at: number; findings: MailFindings }>();
  return {
    get(key) {
      const hit = entries.get(key);
      if (!hit) return undefined;
      if (opts.now().getTime() - hit.at > ttl) {
        entries.delete(key);
        return undefined;
      }
      return hit.findings;
    },
    set(key, findings) {
      entries.delete(key);
      entries.set(key, { at: opts.now().getTime(), findings });
      // Oldest first in a Map: drop from the front past the bound.
      while (entries.size > max) entries.delete(entries.keys().next().value as string);
    },
  };
}
