// The message-trace side of a timeline, kept a short while per question: every page of one timeline is cut
// from the same trace answer, and paging costs no message-trace request (o365-api.md 3.2: Graph allows 100
// per 5 minutes per tenant, and one timeline spends about a dozen). The audit side has its own content cache.
import { createQuestionCache, type QuestionCache } from "../question-cache.js";
import type { MailFindings } from "./mail.js";

/** A cursor outlives this; its next page then traces again (and may see mail that arrived since). */
const TTL_MS = 15 * 60_000;
const MAX_ENTRIES = 16;

export type MailCache = QuestionCache<MailFindings>;

export function createMailCache(opts: { now: () => Date; ttlMs?: number; maxEntries?: number }): MailCache {
  return createQuestionCache({
    now: opts.now,
    ttlMs: opts.ttlMs ?? TTL_MS,
    maxEntries: opts.maxEntries ?? MAX_ENTRIES,
  });
}
