// The closest real name to a misspelt one (an argument, a tool), for "did you mean" in error text.
// Names are compared folded (case, `$`, `_`, `-` ignored), so `sender_address`, `SenderAddress` and
// `filter` find senderAddress and $filter; a key that is the start of a name (`sender`, `user`) finds it.

// Names models bring from elsewhere (the legacy MessageTrace OData fields, Graph's $top, the Search-
// UnifiedAuditLog cmdlet), folded, to the folded argument they mean. Used only when that argument exists.
// A Map, not an object literal: a key such as `constructor` must not find Object.prototype's members.
const SYNONYMS = new Map<string, string[]>(
  Object.entries({
    sender: ["senderaddress"],
    from: ["senderaddress"],
    fromaddress: ["senderaddress"],
    recipient: ["recipientaddress"],
    to: ["recipientaddress"],
    toaddress: ["recipientaddress"],
    startdate: ["starttime"],
    enddate: ["endtime"],
    receiveddatetime: ["starttime"],
    userids: ["users"],
    userid: ["users"],
    upn: ["users"],
    ipaddresses: ["clientips"],
    ipaddress: ["clientips"],
    ip: ["clientips", "fromip"],
    recordtype: ["recordtypes"],
    top: ["limit"],
    resultsize: ["limit"],
    skip: ["cursor"],
    skiptoken: ["cursor"],
    nextpage: ["cursor"],
    nextlink: ["cursor"],
    sessionid: ["cursor"],
  }),
);

function fold(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The best candidate for `name`, or undefined when nothing is close enough to be a useful guess. */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const key = fold(name);
  if (key === "" || key.length > 64) return undefined;
  const synonym = SYNONYMS.get(key)
    ?.map((target) => candidates.find((c) => fold(c) === target))
    .find((c) => c !== undefined);
  if (synonym && !candidates.some((c) => fold(c) === key)) return synonym;
  let best: { name: string; score: number } | undefined;
  for (const candidate of candidates) {
    const c = fold(candidate);
    let score: number;
    if (c === key) score = 0;
    else if (key.length >= 3 && (c.startsWith(key) || key.startsWith(c)))
      score = 1 + Math.abs(c.length - key.length) / 100;
    else if (key.length >= 4 && (c.includes(key) || key.includes(c)))
      score = 2 + Math.abs(c.length - key.length) / 100;
    else {
      const distance = editDistance(key, c);
      if (distance > Math.max(1, Math.floor(Math.min(key.length, c.length) / 3))) continue;
      score = 3 + distance;
    }
    if (!best || score < best.score) best = { name: candidate, score };
  }
  return best?.name;
}
