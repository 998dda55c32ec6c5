// find_suspicious_activity: runs the declarative rule set (src/findings/rules) over the audit records of a
// window and returns evidence-backed findings. It reads through the same search as search_audit_log (same
// windows, cache and coverage): a finding is only as complete as what was read, and coverage says what that was.
import { z } from "zod";
import { normalizeIp } from "../src/audit/filter.js";
import { resolveSearchWindow } from "../src/audit/query.js";
import type { AuditSearchResult, SearchCoverage } from "../src/audit/types.js";
import { MAX_EVIDENCE, runRules } from "../src/findings/engine.js";
import { ipOf, userOf } from "../src/findings/record-fields.js";
import { RULES } from "../src/findings/rules/index.js";
import { type Finding, type FindingsAnswer, SEVERITIES } from "../src/findings/types.js";
import { enabledContentTypes } from "../src/management/subscription-states.js";
import { type AuditRecord, CONTENT_TYPES } from "../src/management/types.js";
import { closestName } from "../src/mcp/did-you-mean.js";
import type { ToolContext } from "../src/mcp/tool-context.js";
import { defineTool } from "../src/mcp/tool-definition.js";
import { invalidInput } from "../src/shape/input.js";
import { definePaging, resultFields } from "../src/shape/page.js";
import { HOUR_MS, parseTime } from "../src/time.js";

const DAY_MS = 24 * HOUR_MS;
/** Records held for the rules; past it findings cover the earliest ones only, and a note says so. */
const MAX_RECORDS = 50_000;

const querySchema = z.object({
  startTime: z.string(),
  endTime: z.string(),
  contentTypes: z.array(z.enum(CONTENT_TYPES)),
  users: z.array(z.string()).optional(),
  clientIps: z.array(z.string()).optional(),
  rules: z.array(z.string()),
  minSeverity: z.enum(SEVERITIES),
});
type FindingsQuery = z.infer<typeof querySchema>;

const paging = definePaging({
  kind: "find_suspicious_activity",
  noun: "findings",
  max: 200,
  default: 50,
  state: z.object({ q: querySchema, o: z.number().int().min(0) }),
  carriesQuery: true,
});

/** Loose in the listed schema (the catalogue has a byte ceiling); the shape is Finding of src/findings/types.ts. */
const findingSchema = z
  .record(z.string(), z.unknown())
  .describe(
    "ruleId, title, severity, time, reason, evidence[{id,time,operation,user,ip}], mitre, next{tool,args}",
  );

function checkRuleIds(ids: string[] | undefined): string[] {
  const known = RULES.map((r) => r.id);
  if (!ids?.length) return known;
  for (const id of ids) {
    if (known.includes(id)) continue;
    const close = closestName(id, known);
    throw invalidInput(
      "UNKNOWN_RULE",
      `Unknown rule "${id.slice(0, 60)}".`,
      `${close ? `Did you mean ${close}? ` : ""}Rules: ${known.join(", ")}.`,
    );
  }
  return [...new Set(ids)];
}

/** Default the last 7 days; an empty or reversed window is refused before any request. */
function resolveWindow(
  args: { startTime?: string; endTime?: string },
  now: Date,
): { start: Date; end: Date } {
  // Parsed first, so a malformed time is a clear INVALID_TIME, never a thrown RangeError.
  const asked = {
    start: args.startTime ? parseTime(args.startTime, "startTime") : undefined,
    end: args.endTime ? parseTime(args.endTime, "endTime") : undefined,
  };
  if (asked.start && asked.end && asked.start.getTime() >= asked.end.getTime()) {
    throw invalidInput(
      "EMPTY_WINDOW",
      `The window ${args.startTime} to ${args.endTime} is empty: endTime must be after startTime.`,
      "Give an endTime later than startTime, or leave both out for the last 7 days.",
    );
  }
  const end = asked.end ?? now;
  const oldest = now.getTime() - 7 * DAY_MS + 5 * 60_000;
  const startTime = args.startTime ?? new Date(Math.max(end.getTime() - 7 * DAY_MS, oldest)).toISOString();
  return resolveSearchWindow({ startTime, endTime: args.endTime }, now);
}

async function searchableContentTypes(ctx: ToolContext) {
  const enabled = enabledContentTypes(
    await ctx.deps.management.listSubscriptions({ signal: ctx.signal, onEvent: ctx.onHttpEvent }),
  );
  if (enabled.length === 0) {
    throw invalidInput(
      "NO_SUBSCRIPTIONS",
      "No content type has an enabled subscription, so there is no audit content to scan.",
      "Start one with start_subscription (e.g. Audit.Exchange); content appears for events after the start.",
    );
  }
  return enabled;
}

/** A user named in `users` with no record at all in the window: a typo or a wrong UPN, never "no findings". */
async function checkUsersSeen(q: FindingsQuery, result: AuditSearchResult, ctx: ToolContext): Promise<void> {
  const seen = new Set(result.matches.map(userOf));
  const missing = (q.users ?? []).filter((u) => !seen.has(u.trim().toLowerCase()));
  if (missing.length === 0) return;
  // Any record of the user, not only the rules' operations (the cache answers it without requests).
  const any = await ctx.deps.audit.search(
    {
      startTime: q.startTime,
      endTime: q.endTime,
      contentTypes: q.contentTypes,
      filter: { users: missing },
      maxMatches: 2_000,
    },
    { signal: ctx.signal, onEvent: ctx.onHttpEvent },
  );
  const active = new Set(
    any.matches.flatMap((r) => [userOf(r), String(r.MailboxOwnerUPN ?? "").toLowerCase()]),
  );
  const unknown = missing.find((u) => !active.has(u.trim().toLowerCase()));
  if (unknown === undefined) return;
  const close = closestName(unknown, [...seen, ...active].filter(Boolean));
  throw invalidInput(
    "UNKNOWN_USER",
    `No audit records for user "${unknown.slice(0, 100)}" from ${q.startTime} to ${q.endTime} (${result.coverage.recordsScanned} records read).`,
    `${close ? `Did you mean ${close}? ` : ""}Check the UPN (user@domain); a user with no activity at all in the window cannot be assessed.`,
  );
}

/** The frozen question as a cache key: equal questions, equal keys (an absent list is an empty one). */
function questionKey(q: FindingsQuery): string {
  return JSON.stringify([
    q.startTime,
    q.endTime,
    q.contentTypes,
    q.users ?? [],
    q.clientIps ?? [],
    q.rules,
    q.minSeverity,
  ]);
}

const operationsOf = (q: FindingsQuery) => [
  ...new Set(RULES.filter((r) => q.rules.includes(r.id)).flatMap((r) => r.operations)),
];

/** Reads the window and runs the rules: the whole answer, before it is cut into pages. */
async function answerQuestion(
  query: FindingsQuery,
  firstPage: boolean,
  ctx: ToolContext,
  now: Date,
): Promise<FindingsAnswer> {
  const rules = RULES.filter((r) => query.rules.includes(r.id));
  const result = await ctx.deps.audit.search(
    {
      startTime: query.startTime,
      endTime: query.endTime,
      contentTypes: query.contentTypes,
      // Users and IPs narrow the findings, not the records: "new IP" needs the user's other addresses and
      // the addresses other users share (profile.ts).
      filter: { operations: operationsOf(query) },
      maxMatches: MAX_RECORDS,
    },
    {
      signal: ctx.signal,
      onEvent: ctx.onHttpEvent,
      onProgress: (p) => void ctx.progress(p.done, p.total, p.message),
      onNotice: (n) => ctx.log(n.level, n.message, n.data),
    },
  );
  if (firstPage) await checkUsersSeen(query, result, ctx);

  const ips = new Set((query.clientIps ?? []).map(normalizeIp));
  const users = new Set((query.users ?? []).map((u) => u.trim().toLowerCase()));
  const keep =
    ips.size || users.size
      ? (r: AuditRecord) => {
          const ip = ipOf(r);
          return (
            (ips.size === 0 || (ip !== undefined && ips.has(ip))) &&
            (users.size === 0 || users.has(userOf(r)))
          );
        }
      : undefined;
  const { findings: all, internalDomains } = runRules({ rules, records: result.matches, now, keep });
  const floor = SEVERITIES.indexOf(query.minSeverity);
  const { listingFailures, ...coverage } = result.coverage;
  return {
    findings: all.filter((f) => SEVERITIES.indexOf(f.severity) <= floor),
    internalDomains,
    // The records themselves are not kept: an answer is findings and coverage only.
    coverage: {
      ...coverage,
      failures: coverage.failures.slice(0, 50),
      ...(listingFailures?.length ? { listingFailures } : {}),
    },
    totalMatches: result.totalMatches,
    evaluated: result.matches.length,
  };
}

export const findSuspiciousActivity = defineTool({
  name: "find_suspicious_activity",
  title: "Find suspicious activity",
  description:
    "Runs detection rules over the audit log (default 7 days): inbox rules, forwarding, delegation, consents, audit off, MFA changes, new-IP sign-in after failures, session reuse across IPs, mail or files taken from a new IP, bursts. Findings carry evidence ids, MITRE id, next call. Use it first to triage. Untrusted: reasons quote records.",
  input: {
    startTime: z.string().optional().describe("Default endTime - 7 d"),
    endTime: z.string().optional().describe("ISO-8601 UTC; default now"),
    users: z.array(z.string()).optional().describe("UPNs (default all)"),
    clientIps: z.array(z.string()).optional().describe("Keep findings from these IPs"),
    rules: z.array(z.string()).optional().describe("Rule ids (default all)"),
    minSeverity: z.enum(SEVERITIES).optional(),
    ...paging.input,
  },
  output: {
    startTime: z.string(),
    endTime: z.string(),
    rulesRun: z.array(z.string()),
    internalDomains: z.array(z.string()).describe("Treated as internal"),
    totalFindings: z.number(),
    offset: z.number(),
    findings: z.array(findingSchema),
    coverage: z.record(z.string(), z.unknown()).describe("What was read"),
    ...resultFields("nextCursor", "notes"),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const now = ctx.deps.now();
    const page = paging.open<Finding>(args, {
      now,
      budgetBytes: ctx.deps.config.outputBudgetBytes,
      cursorKey: ctx.deps.config.cursorKey,
    });
    let query: FindingsQuery;
    let offset = 0;
    if (page.resumed) {
      query = page.resumed.q;
      offset = page.resumed.o;
    } else {
      // Every input check before the first API call.
      const rules = checkRuleIds(args.rules);
      const { start, end } = resolveWindow(args, now);
      query = {
        startTime: start.toISOString(),
        endTime: end.toISOString(),
        contentTypes: await searchableContentTypes(ctx),
        ...(args.users?.length ? { users: args.users } : {}),
        ...(args.clientIps?.length ? { clientIps: args.clientIps } : {}),
        rules,
        minSeverity: args.minSeverity ?? "low",
      };
    }
    const key = questionKey(query);
    // A later page is cut from the answer its first page computed: no new requests, the same findings.
    // A first page always reads afresh (content may have arrived since).
    const cached = page.resumed ? ctx.deps.findingsAnswers?.get(key) : undefined;
    const answer = cached ?? (await answerQuestion(query, !page.resumed, ctx, now));
    if (!cached) ctx.deps.findingsAnswers?.set(key, answer);
    const { findings, coverage } = answer;
    for (const finding of findings.slice(offset)) {
      if (!page.add(finding)) break;
    }
    const returned = page.rows.length;
    const more = offset + returned < findings.length;
    const { nextCursor, truncated } = page.end(more ? { q: query, o: offset + returned } : undefined);
    const notes = truncated ? [truncated] : [];
    if (answer.totalMatches > answer.evaluated) {
      notes.push(
        `Only the first ${answer.evaluated} of ${answer.totalMatches} relevant records were evaluated: narrow the window or users.`,
      );
    }
    if (findings.some((f) => f.evidenceTotal))
      notes.push(`evidence lists the first ${MAX_EVIDENCE} records of a finding; evidenceTotal counts all.`);
    notes.push(
      `"New IP" means not seen for the user earlier in this window (${query.startTime} on); the rules read ${operationsOf(query).length} operations.`,
    );
    return {
      startTime: query.startTime,
      endTime: query.endTime,
      rulesRun: query.rules,
      internalDomains: answer.internalDomains,
      totalFindings: findings.length,
      offset,
      findings: page.rows as unknown as Record<string, unknown>[],
      coverage: coverage as unknown as Record<string, unknown>,
      ...(nextCursor ? { nextCursor } : {}),
      notes,
    };
  },
  render(result) {
    const c = result.coverage as unknown as SearchCoverage;
    const shown = result.findings as unknown as Finding[];
    const first = result.findings.length === 0 ? 0 : result.offset + 1;
    return {
      header: `Findings ${result.startTime} to ${result.endTime}: ${result.totalFindings} from ${result.rulesRun.length} rules; showing ${first}-${result.offset + result.findings.length}.`,
      notes: [
        `Coverage: blobs listed ${c.blobsListed}, read ${c.blobsFetched + c.blobsFromCache}, expired ${c.blobsExpired}, failed ${c.blobsFailed}; ${c.recordsScanned} records scanned${c.contentMayArriveUntil ? `; content may still arrive until ${c.contentMayArriveUntil}` : ""}.`,
        ...(c.blobsFailed + c.blobsExpired > 0 || c.listingFailures?.length
          ? ["Some content was not read (see coverage): findings may be missing."]
          : []),
        `Internal domains: ${result.internalDomains.join(", ") || "(none seen)"}.`,
        ...(result.notes ?? []),
      ],
      sections: [
        {
          rows: shown.map((f) => ({
            severity: f.severity,
            time: f.time,
            ruleId: f.ruleId,
            reason: f.reason,
            mitre: f.mitre ? `${f.mitre.id} ${f.mitre.name}` : undefined,
            evidence:
              f.evidence.map((e) => `${e.id} ${e.time} ${e.operation}${e.ip ? ` ${e.ip}` : ""}`).join("; ") +
              (f.evidenceTotal ? ` (+${f.evidenceTotal - f.evidence.length} more)` : ""),
            next: `${f.next.tool} ${JSON.stringify(f.next.args)}`,
          })),
          empty: "No findings.",
        },
      ],
    };
  },
});
