// Seeded generators of hostile tool arguments: injection strings, traversal, header injection, odd unicode,
// huge strings, deep nesting, wrong types and numbers at their limits. Same seed, same cases.

/** mulberry32: small, fast, good enough to pick cases reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const ODATA_INJECTION = "x' or 1 eq 1 or 'a' eq 'a";

/** Hostile strings; `foreignOrigin` is a host that must never be contacted. */
export function hostileStrings(foreignOrigin: string, tenantId: string): string[] {
  return [
    ODATA_INJECTION,
    "') and (",
    "'",
    "''",
    "a@b.example' or SenderAddress eq 'c@d.example",
    "x') or (1 eq 1",
    "x\\' or 1 eq 1 --",
    "$filter=x&$top=1",
    "&contentType=DLP.All&startTime=2000-01-01",
    "../../x",
    "..%2f..%2fsubscriptions%2fstop",
    "%2e%2e%2f%2e%2e%2fsubscriptions",
    "..\\..\\x",
    "x/../../subscriptions/stop?contentType=Audit.Exchange",
    "a\r\nAuthorization: Bearer stolen",
    "a\r\nX-Injected: 1\r\n\r\nGET / HTTP/1.1",
    "\u202Egnp.exe",
    "a\u200Bb\u200C\u200D\uFEFF",
    "\u0000",
    "a\u0000b",
    "\uD800",
    "Ω≈ç√∫˜µ≤≥÷ 田中 🙂 \u0301\u0301",
    "",
    " ",
    "null",
    "undefined",
    "true",
    "NaN",
    "-1",
    "1e309",
    "2026-02-30T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "0000-01-01T00:00:00Z",
    "-271821-04-20T00:00:00Z",
    "2026-11-27T25:61:61Z",
    "1970-01-01T00:00:00.000+14:00",
    "now",
    "Audit.Exchange\u0000",
    "AUDIT.EXCHANGE",
    "audit.exchange ",
    `${foreignOrigin}/api/v1.0/${tenantId}/activity/feed/audit/x`,
    `${foreignOrigin}/v1.0/admin/exchange/tracing/messageTraces`,
    "javascript:alert(1)",
    "file:///etc/passwd",
    "http://127.0.0.1:1/",
    "https://user:pass@127.0.0.1/",
    "__proto__",
    "constructor",
    "<script>alert(1)</script>",
    "{{7*7}} $\u{7B}7*7} %s %n",
    "'; DROP TABLE audit; --",
    "A".repeat(513),
    "💥".repeat(5000),
  ];
}

export const EDGE_NUMBERS = [
  0,
  -0,
  -1,
  1,
  1.5,
  499,
  500,
  501,
  4999,
  5000,
  5001,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 53,
  Number.MAX_SAFE_INTEGER + 2,
  1e308,
  -1e308,
  Number.MIN_VALUE,
];

export function deepObject(depth: number): unknown {
  let v: unknown = "leaf";
  for (let i = 0; i < depth; i++) v = i % 2 === 0 ? { a: v } : [v];
  return v;
}

export interface Generator {
  /** A hostile value of any type for any argument. */
  value(): unknown;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function hostileGenerator(seed: number, strings: string[]): Generator {
  const rand = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const chance = (p: number) => rand() < p;
  const value = (): unknown => {
    const r = rand();
    if (r < 0.45) return pick(strings);
    if (r < 0.6) return pick(EDGE_NUMBERS);
    if (r < 0.66) return pick([true, false, null]);
    if (r < 0.76) return [pick(strings), pick(EDGE_NUMBERS)];
    if (r < 0.82) return { nested: pick(strings), $ne: 1 };
    if (r < 0.86) return deepObject(pick([10, 100, 500]));
    if (r < 0.9) return Array.from({ length: pick([0, 1, 1000]) }, () => pick(strings).slice(0, 50));
    if (r < 0.93) return "x".repeat(pick([10_000, 100_000, 1_000_000 - 1_000]));
    return pick(strings) + pick(strings);
  };
  return { value, pick, chance };
}
