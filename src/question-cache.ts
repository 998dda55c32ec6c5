// Answers kept a short while per frozen question (a cursor's question), so every page of one answer is cut
// from the same result and paging costs no new requests. Bounded in entries and in age: an old cursor's
// next page asks the services again.

export interface QuestionCache<T> {
  get(key: string): T | undefined;
  set(key: string, answer: T): void;
}

export function createQuestionCache<T>(opts: {
  now: () => Date;
  ttlMs: number;
  maxEntries: number;
}): QuestionCache<T> {
  const entries = new Map<string, { at: number; answer: T }>();
  return {
    get(key) {
      const hit = entries.get(key);
      if (!hit) return undefined;
      if (opts.now().getTime() - hit.at > opts.ttlMs) {
        entries.delete(key);
        return undefined;
      }
      return hit.answer;
    },
    set(key, answer) {
      entries.delete(key);
      entries.set(key, { at: opts.now().getTime(), answer });
      // Oldest first in a Map: drop from the front past the bound.
      while (entries.size > opts.maxEntries) entries.delete(entries.keys().next().value as string);
    },
  };
}
