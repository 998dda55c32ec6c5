// The demo incident is findable end to end: get the investigate_message_trace prompt for the attacker's
// sender and drive the tool calls it names, through the real MCP client, server and emulator.
import type { CallToolResult } from "@modelcontextprotocol/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { IncidentFacts } from "../../src/emulator/types.js";
import type { ToolOutput } from "../../src/mcp/tool-definition.js";
import type { messageTrace } from "../../tools/message_trace.js";
import type { messageTraceDetailTool } from "../../tools/message_trace_detail.js";
import type { searchAuditLog } from "../../tools/search_audit_log.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";

/** Audit records are open-ended; these are the fields every record has (o365-api.md 1.9). */
type Match = ToolOutput<typeof searchAuditLog>["matches"][number] & {
  CreationTime: string;
  Operation: string;
};

let h: Harness;
let facts: IncidentFacts;
let plan: string;

/** Audit CreationTime has no zone and is UTC (o365-api.md 1.9). */
const utc = (t: string) => Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(t) ? t : `${t}Z`);

/** The JSON argument object the plan gives for each call of `tool`, in order. */
function planCalls(tool: string): Record<string, unknown>[] {
  const re = new RegExp(`call \\\`${tool}\\\` with (\\{.*?\\})(?:\\.|\\s*$)`, "gm");
  return [...plan.matchAll(re)].map((m) => JSON.parse(m[1]));
}

function ok<D>(result: CallToolResult): ToolOutput<D> {
  expect(result).toBeToolResult();
  return outputOf<D>(result);
}

/** Fills the plan's placeholders with what the earlier steps found. */
function fill(args: Record<string, unknown>): Record<string, unknown> {
  const text = JSON.stringify(args)
    .replaceAll("<each Delivered recipient>", facts.compromisedUser)
    .replaceAll("<suspicious IP>", facts.attackerIp);
  return JSON.parse(text);
}

beforeAll(async () => {
  h = await startHarness();
  facts = h.emu.incident;
  const prompt = await h.client.getPrompt({
    name: "investigate_message_trace",
    arguments: { sender: facts.attackerSender, since: "48h" },
  });
  const content = prompt.messages[0].content;
  plan = content.type === "text" ? content.text : "";
});
afterAll(() => h?.close());

describe("the built-in incident, investigated with the investigate_message_trace plan", () => {
  it("message_trace by sender shows who got the phish: delivered, quarantined and filtered as spam", async () => {
    const [traceArgs] = planCalls("message_trace");
    expect(traceArgs).toMatchObject({ senderAddress: facts.attackerSender });
    const out = ok<typeof messageTrace>(await h.call("message_trace", traceArgs));
    const rows = out.rows.filter((r) => r.subject === facts.phishSubject);
    const byStatus = (status: string) =>
      rows
        .filter((r) => r.status.toLowerCase() === status.toLowerCase())
        .map((r) => r.recipientAddress.toLowerCase())
        .sort();
    const lower = (xs: string[]) => xs.map((x) => x.toLowerCase()).sort();
    expect(byStatus("Delivered")).toEqual(lower(facts.deliveredRecipients));
    expect(byStatus("Quarantined")).toEqual(lower(facts.quarantinedRecipients));
    expect(byStatus("FilteredAsSpam")).toEqual(lower(facts.spamFilteredRecipients));
    for (const r of rows) {
      expect(utc(r.received)).toBe(utc(facts.phishReceived));
      expect(r.messageId).toBe(facts.phishMessageId);
    }
  });

  it("message_trace_detail of the compromised user's copy shows the delivery timeline", async () => {
    const [traceArgs] = planCalls("message_trace");
    const out = ok<typeof messageTrace>(await h.call("message_trace", traceArgs));
    const row = out.rows.find(
      (r) => r.recipientAddress.toLowerCase() === facts.compromisedUser.toLowerCase(),
    );
    expect(row).toBeDefined();
    expect(plan).toContain("`message_trace_detail`");
    const detail = ok<typeof messageTraceDetailTool>(
      await h.call("message_trace_detail", {
        messageTraceId: row!.messageTraceId,
        recipientAddress: row!.recipientAddress,
      }),
    );
    const { events } = detail;
    expect(events.map((e) => e.event.toUpperCase())).toEqual(expect.arrayContaining(["RECEIVE", "DELIVER"]));
    expect(utc(events[0].date)).toBe(utc(facts.phishReceived));
    expect(detail.verdict).toMatch(/^Delivered to Inbox at /);

    const quarantined = out.rows.find(
      (r) => r.recipientAddress.toLowerCase() === facts.quarantinedRecipients[0].toLowerCase(),
    );
    const q = ok<typeof messageTraceDetailTool>(
      await h.call("message_trace_detail", {
        messageTraceId: quarantined!.messageTraceId,
        recipientAddress: quarantined!.recipientAddress,
      }),
    );
    expect(q.verdict).toMatch(/^Quarantined at /);
  });

  it("search_audit_log for the compromised user finds the foreign sign-in and the forwarding inbox rule", async () => {
    const calls = planCalls("search_audit_log").map(fill);
    const signIns = calls.find((c) => (c.operations as string[]).includes("UserLoggedIn"));
    const rules = calls.find((c) => (c.operations as string[]).includes("New-InboxRule") && c.users);
    expect(signIns).toMatchObject({ users: [facts.compromisedUser] });
    expect(rules).toMatchObject({ users: [facts.compromisedUser] });

    const s = ok<typeof searchAuditLog>(await h.call("search_audit_log", signIns!));
    const foreign = (s.matches as Match[]).find(
      (m) => m.Operation === "UserLoggedIn" && m.ClientIP === facts.attackerIp,
    );
    expect(foreign, "sign-in from the attacker IP").toBeDefined();
    expect(utc(foreign!.CreationTime)).toBe(utc(facts.foreignSignIn));
    const ips = s.aggregates!.ClientIP.map((a) => a.key);
    expect(ips).toContain(facts.attackerIp);

    const r = ok<typeof searchAuditLog>(await h.call("search_audit_log", rules!));
    // The user may have ordinary rules too: the evidence is the one created from the attacker's IP.
    const rule = (r.matches as Match[]).find(
      (m) => m.Operation === "New-InboxRule" && m.ClientIP === facts.attackerIp,
    );
    expect(rule, "New-InboxRule record from the attacker IP").toBeDefined();
    expect(utc(rule!.CreationTime)).toBe(utc(facts.inboxRuleCreated));
    expect(String(rule!.Parameters)).toContain(facts.inboxRuleName);
  });

  it("search_audit_log by the attacker IP finds the mail read and the OneDrive file downloaded", async () => {
    const byIp = planCalls("search_audit_log")
      .map(fill)
      .find((c) => c.clientIps);
    expect(byIp).toMatchObject({ clientIps: [facts.attackerIp] });
    expect(byIp!.operations).toEqual(expect.arrayContaining(["MailItemsAccessed", "FileDownloaded"]));

    const out = ok<typeof searchAuditLog>(await h.call("search_audit_log", byIp!));
    const matches = out.matches as Match[];
    const read = matches.find((m) => m.Operation === "MailItemsAccessed");
    expect(read, "MailItemsAccessed from the attacker IP").toBeDefined();
    expect(utc(read!.CreationTime)).toBe(utc(facts.mailItemsAccessed));
    expect(String(read!.UserId ?? read!.MailboxOwnerUPN).toLowerCase()).toBe(
      facts.compromisedUser.toLowerCase(),
    );

    const download = matches.find((m) => m.Operation === "FileDownloaded");
    expect(download, "FileDownloaded from the attacker IP").toBeDefined();
    expect(download!.Workload).toBe("OneDrive");
    expect(download!.SourceFileName).toBe(facts.downloadedFileName);
    expect(utc(download!.CreationTime)).toBe(utc(facts.fileDownloaded));
    for (const m of matches) expect(m.ClientIP).toBe(facts.attackerIp);
  });
});
