// find_suspicious_activity on the demo tenant, through the real MCP client, server and emulator: the
// incident's findings with their evidence records, none for the benign look-alikes, no background noise,
// and a clear isError for bad input.
import type { CallToolResult } from "@modelcontextprotocol/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startOfUtcHour } from "../../src/emulator/index.js";
import type { IncidentFacts, LookalikeFacts } from "../../src/emulator/types.js";
import type { Finding } from "../../src/findings/types.js";
import type { findSuspiciousActivity } from "../../tools/find_suspicious_activity.js";
import type { searchAuditLog } from "../../tools/search_audit_log.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";

// Each call scans 7 days of the demo tenant (about 20,000 records); the machine may be busy.
vi.setConfig({ testTimeout: 120_000 });

let h: Harness;
let facts: IncidentFacts;
let look: LookalikeFacts;
let first: CallToolResult;
let findings: Finding[];
/** The victim's own records, by Id, as search_audit_log returns them. */
const victimRecords = new Map<string, Record<string, unknown>>();

/** Every match of a search_audit_log question, page by page (Id and Operation only). */
async function allMatches(args: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  const rows: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const r = await h.call(
      "search_audit_log",
      cursor ? { cursor } : { ...args, fields: ["Id", "Operation"], limit: 500 },
    );
    const page = outputOf<typeof searchAuditLog>(r);
    rows.push(...page.matches);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

const out = (r: CallToolResult) => outputOf<typeof findSuspiciousActivity>(r);
const asFindings = (r: CallToolResult) => out(r).findings as unknown as Finding[];

beforeAll(async () => {
  h = await startHarness();
  facts = h.emu.incident;
  look = facts.lookalikes as LookalikeFacts;
  first = await h.call("find_suspicious_activity", { limit: 200 });
  findings = asFindings(first);
  const since = new Date(Date.parse(facts.phishReceived) - 3 * 3_600_000).toISOString();
  for (const m of await allMatches({ users: [facts.compromisedUser], startTime: since })) {
    victimRecords.set(String(m.Id), m);
  }
}, 120_000);
afterAll(() => h?.close());

describe("find_suspicious_activity on the demo incident", () => {
  it("flags exactly the incident over the whole 7-day background tenant", () => {
    expect(first).toBeToolResult({
      text: [/Findings .* 7 from 21 rules/, "Internal domains: contoso-emu.onmicrosoft.com."],
    });
    expect(findings.map((f) => f.ruleId).sort()).toEqual([
      "file-download-new-ip",
      "inbox-rule-delete-or-mark-read",
      "inbox-rule-forward-external",
      "inbox-rule-suspicious-name",
      "mail-access-new-ip",
      "session-multiple-ips",
      "sign-in-new-ip-after-failures",
    ]);
    for (const f of findings) expect(f.reason).toContain(facts.compromisedUser);
    expect(out(first).totalFindings).toBe(7);
    expect(out(first).internalDomains).toEqual(["contoso-emu.onmicrosoft.com"]);
  });

  it("backs each finding with the incident's own records (ids as search_audit_log returns them)", () => {
    const byRule = new Map(findings.map((f) => [f.ruleId, f]));
    const evidenceOf = (id: string) =>
      byRule.get(id)!.evidence.map((e) => {
        const record = victimRecords.get(e.id);
        expect(record, `${id} evidence ${e.id}`).toBeDefined();
        return { op: String(record!.Operation), ip: e.ip, time: e.time };
      });
    const utc = (t: string) => new Date(t).toISOString();
    expect(evidenceOf("inbox-rule-forward-external")).toEqual([
      { op: "New-InboxRule", ip: facts.attackerIp, time: utc(facts.inboxRuleCreated) },
    ]);
    expect(byRule.get("inbox-rule-forward-external")!.reason).toBe(
      `${facts.compromisedUser} has inbox rule "${facts.inboxRuleName}" forwarding to exfil@evil.example, outside the tenant's domains (contoso-emu.onmicrosoft.com).`,
    );
    const signIn = evidenceOf("sign-in-new-ip-after-failures");
    expect(signIn.at(-1)).toEqual({
      op: "UserLoggedIn",
      ip: facts.attackerIp,
      time: utc(facts.foreignSignIn),
    });
    expect(signIn).toContainEqual({
      op: "UserLoginFailed",
      ip: facts.attackerIp,
      time: utc(facts.failedSignIn),
    });
    const sessionIps = evidenceOf("session-multiple-ips").map((e) => e.ip);
    expect(sessionIps).toHaveLength(2);
    expect(sessionIps).toContain(facts.attackerIp);
    expect(sessionIps.find((ip) => ip !== facts.attackerIp)).toMatch(/^198\.51\.100\./);
    expect(byRule.get("session-multiple-ips")!.reason).toContain(String(facts.reusedSessionId).toLowerCase());
    expect(evidenceOf("mail-access-new-ip")).toEqual([
      { op: "MailItemsAccessed", ip: facts.attackerIp, time: utc(facts.mailItemsAccessed) },
    ]);
    expect(evidenceOf("file-download-new-ip")).toEqual([
      { op: "FileDownloaded", ip: facts.attackerIp, time: utc(facts.fileDownloaded) },
    ]);
    expect(byRule.get("file-download-new-ip")!.reason).toContain(facts.downloadedFileName);
  });

  it("sorts by severity, then time, and gives MITRE and a next call the model can send", () => {
    const rank = { high: 0, medium: 1, low: 2 };
    for (let i = 1; i < findings.length; i++) {
      const [a, b] = [findings[i - 1], findings[i]];
      expect(rank[a.severity] < rank[b.severity] || (a.severity === b.severity && a.time <= b.time)).toBe(
        true,
      );
    }
    const forward = findings.find((f) => f.ruleId === "inbox-rule-forward-external")!;
    expect(forward.mitre).toEqual({ id: "T1114.003", name: "Email Collection: Email Forwarding Rule" });
    expect(forward.next).toMatchObject({
      tool: "search_audit_log",
      args: {
        users: [facts.compromisedUser],
        operations: ["New-InboxRule", "Set-InboxRule", "UpdateInboxRules"],
      },
    });
    expect(findings.find((f) => f.ruleId === "sign-in-new-ip-after-failures")!.next).toMatchObject({
      tool: "build_timeline",
      args: { user: facts.compromisedUser },
    });
  });

  it("flags none of the look-alikes: newsletter rule, internal forward, first-party consent, traveller", () => {
    const ids = new Set(findings.flatMap((f) => f.evidence.map((e) => e.id)));
    for (const id of [
      look.newsletterRule.recordId,
      look.internalForward.recordId,
      look.firstPartyConsent.recordId,
      ...look.traveller.recordIds,
    ]) {
      expect(ids.has(id), id).toBe(false);
    }
    const text = h.text(first);
    for (const user of [
      look.newsletterRule.user,
      look.internalForward.user,
      look.firstPartyConsent.admin,
      look.traveller.user,
    ]) {
      expect(text).not.toContain(user);
    }
  });

  it("would flag the look-alikes' records if they were not benign (they are read and in the rules' operations)", async () => {
    const startTime = new Date(Date.parse(facts.phishReceived) - 30 * 3_600_000).toISOString();
    const seen = new Set<string>();
    for (const id of [
      look.newsletterRule.recordId,
      look.internalForward.recordId,
      look.firstPartyConsent.recordId,
    ]) {
      for (const m of await allMatches({ startTime, contains: id })) seen.add(String(m.Id));
    }
    for (const m of await allMatches({
      startTime,
      users: [look.traveller.user],
      operations: ["UserLoggedIn"],
    })) {
      seen.add(String(m.Id));
    }
    for (const id of [
      look.newsletterRule.recordId,
      look.internalForward.recordId,
      look.firstPartyConsent.recordId,
      ...look.traveller.recordIds,
    ]) {
      expect(seen.has(id), id).toBe(true);
    }
  });

  it("narrows to a user, to an IP, to rules and to a severity", async () => {
    const byUser = asFindings(await h.call("find_suspicious_activity", { users: [facts.compromisedUser] }));
    expect(byUser).toHaveLength(7);
    const other = await h.call("find_suspicious_activity", { users: [look.traveller.user] });
    expect(other).toBeToolResult({ text: "No findings." });
    const byIp = asFindings(await h.call("find_suspicious_activity", { clientIps: [facts.attackerIp] }));
    expect(byIp).toHaveLength(7);
    const rules = await h.call("find_suspicious_activity", { rules: ["session-multiple-ips"] });
    expect(out(rules).rulesRun).toEqual(["session-multiple-ips"]);
    expect(asFindings(rules).map((f) => f.ruleId)).toEqual(["session-multiple-ips"]);
    const high = asFindings(await h.call("find_suspicious_activity", { minSeverity: "high" }));
    expect(high.map((f) => f.severity)).toEqual(Array(5).fill("high"));
  });

  it("is the first call of both investigate_* plans, and the call they give finds the incident", async () => {
    for (const [name, args] of [
      ["investigate_user_activity", { user: facts.compromisedUser, since: "48h" }],
      [
        "investigate_message_trace",
        { sender: facts.attackerSender, recipient: facts.compromisedUser, since: "48h" },
      ],
    ] as const) {
      const prompt = await h.client.getPrompt({ name, arguments: args });
      const content = prompt.messages[0].content;
      const plan = content.type === "text" ? content.text : "";
      const call = plan.match(/call `find_suspicious_activity` with (\{.*?\})[.:]/)?.[1];
      expect(call, name).toBeDefined();
      const found = asFindings(await h.call("find_suspicious_activity", JSON.parse(String(call))));
      expect(found.map((f) => f.ruleId)).toContain("inbox-rule-forward-external");
      expect(found.map((f) => f.ruleId)).toContain("session-multiple-ips");
    }
  });

  it("pages with a cursor that carries the question", async () => {
    const page1 = await h.call("find_suspicious_activity", { limit: 3 });
    expect(asFindings(page1)).toHaveLength(3);
    const cursor = out(page1).nextCursor;
    expect(cursor).toBeTruthy();
    h.emu.control.clearRequests();
    const page2 = await h.call("find_suspicious_activity", { cursor, limit: 10 });
    // Cut from the answer page 1 computed: no listing, no blob, no subscription request.
    expect(h.emu.control.requests()).toEqual([]);
    expect(out(page2).offset).toBe(3);
    expect([...asFindings(page1), ...asFindings(page2)].map((f) => f.ruleId)).toEqual(
      findings.map((f) => f.ruleId),
    );
    expect(out(page2).nextCursor).toBeUndefined();
  });

  it("never serves one question's page from another question's answer", async () => {
    // The same window: only minSeverity tells the two questions apart.
    const endTime = new Date().toISOString();
    const startTime = new Date(Date.parse(endTime) - 7 * 86_400_000 + 600_000).toISOString();
    const all = await h.call("find_suspicious_activity", { startTime, endTime, limit: 1 });
    const high = await h.call("find_suspicious_activity", {
      startTime,
      endTime,
      limit: 1,
      minSeverity: "high",
    });
    const rest = (r: CallToolResult) =>
      h.call("find_suspicious_activity", { cursor: out(r).nextCursor, limit: 200 });
    const highRest = asFindings(await rest(high));
    const allRest = asFindings(await rest(all));
    expect(highRest.every((f) => f.severity === "high")).toBe(true);
    expect(allRest).toHaveLength(findings.length - 1);
    expect(highRest.length).toBeLessThan(allRest.length);
  });

  it("counts distinct ClientIP per SessionId in search_audit_log: the replayed session has two", async () => {
    const r = await h.call("search_audit_log", {
      users: [facts.compromisedUser],
      operations: ["UserLoggedIn"],
      startTime: new Date(Date.parse(facts.phishReceived) - 3_600_000).toISOString(),
      groupBy: ["SessionId"],
      distinct: ["ClientIP"],
    });
    const rows = outputOf<typeof searchAuditLog>(r).aggregates?.SessionId ?? [];
    expect(rows[0]).toMatchObject({
      key: facts.reusedSessionId,
      count: 2,
      distinct: { ClientIP: 2 },
      values: { ClientIP: [expect.stringMatching(/^198\.51\.100\./), facts.attackerIp] },
    });
    expect(
      rows.slice(1).every((row) => (row.distinct as { ClientIP?: number } | undefined)?.ClientIP === 1),
    ).toBe(true);
  });
});

describe("find_suspicious_activity refuses bad input with a clear isError", () => {
  it("search_audit_log: distinct without groupBy says what to add", async () => {
    expect(await h.call("search_audit_log", { distinct: ["ClientIP"] })).toBeToolResult({
      isError: true,
      text: [/distinct counts values per groupBy key/, /"groupBy":\["SessionId"\],"distinct":\["ClientIP"\]/],
    });
  });

  it("names an unknown rule and the close one", async () => {
    expect(await h.call("find_suspicious_activity", { rules: ["inbox-rule-forward"] })).toBeToolResult({
      isError: true,
      text: [/Unknown rule "inbox-rule-forward"/, /Did you mean inbox-rule-forward-external\?/],
    });
  });

  it("refuses an empty or reversed window", async () => {
    const t = new Date(Date.now() - 3_600_000).toISOString();
    expect(await h.call("find_suspicious_activity", { startTime: t, endTime: t })).toBeToolResult({
      isError: true,
      text: [/is empty: endTime must be after startTime/],
    });
    const later = new Date(Date.now() - 60_000).toISOString();
    expect(await h.call("find_suspicious_activity", { startTime: later, endTime: t })).toBeToolResult({
      isError: true,
      text: /is empty/,
    });
  });

  it("refuses a malformed time with the field's name", async () => {
    const r = await h.call("find_suspicious_activity", { endTime: "{{7*7}} %s %n not-a-time" });
    expect(r).toBeToolResult({ isError: true, text: /endTime/ });
    expect(h.text(r)).not.toMatch(/INTERNAL|Invalid time value/);
  });

  it("says a user with no records at all is probably a typo, with the close UPN", async () => {
    const typo = facts.compromisedUser.replace("carla", "karla").replace(/^(\w)/, "$1");
    const wrong = typo === facts.compromisedUser ? `x${typo}` : typo;
    expect(await h.call("find_suspicious_activity", { users: [wrong] })).toBeToolResult({
      isError: true,
      text: [/No audit records for user ".*" from .* records read/, /Check the UPN/],
    });
  });
});

describe("find_suspicious_activity says when content was not read", () => {
  it("counts expired blobs in coverage and warns that findings may be missing", async () => {
    const own = await startHarness();
    try {
      own.emu.control.expireContentBefore(new Date(Date.now() - 5 * 86_400_000));
      const r = await own.call("find_suspicious_activity", { rules: ["inbox-rule-forward-external"] });
      expect(r).toBeToolResult({
        text: ["Some content was not read (see coverage): findings may be missing."],
      });
      expect(Number(out(r).coverage.blobsExpired)).toBeGreaterThan(0);
      expect(asFindings(r).map((f) => f.ruleId)).toEqual(["inbox-rule-forward-external"]);
    } finally {
      await own.close();
    }
  });
});

describe("find_suspicious_activity: precision wherever the window falls in the background", () => {
  // The background's users come from home as well as the office: whether a home address looks "new"
  // depends on where the 7-day window starts in their history, so shift the tenant against the clock.
  it.each([5, 13, 21])("flags only the incident with the tenant %i hours older", async (hours) => {
    const own = await startHarness({
      emulator: { historyEnd: new Date(startOfUtcHour().getTime() - hours * 3_600_000) },
    });
    try {
      const r = await own.call("find_suspicious_activity", { limit: 200 });
      const victim = own.emu.incident.compromisedUser;
      const found = asFindings(r);
      expect(found.filter((f) => !f.reason.includes(victim)).map((f) => f.reason)).toEqual([]);
      expect(found.map((f) => f.ruleId)).toContain("mail-access-new-ip");
    } finally {
      await own.close();
    }
  });
});
