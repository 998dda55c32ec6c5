// The engine around the rules: duplicates collapse, order is severity then time, evidence is capped with
// a count, next calls get a window around the evidence, and rules see only their operations.
import { describe, expect, it } from "vitest";
import { MAX_EVIDENCE, runRules } from "../../src/findings/engine.js";
import { ipOf } from "../../src/findings/record-fields.js";
import inboxForward from "../../src/findings/rules/inbox-rule-forward-external/rule.js";
import sendBurst from "../../src/findings/rules/send-burst/rule.js";
import { activity, cmdlet, DOMAIN, record } from "./rule-cases.js";

const now = new Date("2026-03-10T00:00:00Z");

describe("runRules", () => {
  it("keeps a finding whose narrowing IP is only past the listed evidence", () => {
    const records = Array.from({ length: 30 }, (_, i) =>
      activity({ minutes: i / 10, ip: i === 24 ? "198.51.100.9" : "192.0.2.10", operation: "Send" }),
    );
    const run = (ip: string) =>
      runRules({ rules: [sendBurst], records, now, internalDomains: [DOMAIN], keep: (r) => ipOf(r) === ip });
    const kept = run("198.51.100.9").findings;
    expect(kept).toHaveLength(1);
    expect(kept[0].evidence.some((e) => e.ip === "198.51.100.9")).toBe(false);
    expect(kept[0].evidenceTotal).toBe(30);
    expect(run("203.0.113.1").findings).toEqual([]);
  });

  it("collapses the same record seen twice (same rule, same evidence) into one finding", () => {
    const rule = cmdlet("New-InboxRule", { Name: "x", ForwardTo: "a@evil.example" });
    const { findings } = runRules({
      rules: [inboxForward],
      records: [rule, { ...rule }],
      now,
      internalDomains: [DOMAIN],
    });
    expect(findings).toHaveLength(1);
  });

  it("sorts high before medium, then by time", () => {
    const records = [
      ...Array.from({ length: 30 }, (_, i) =>
        activity({ minutes: i / 10, ip: "192.0.2.10", operation: "Send" }),
      ),
      cmdlet(
        "New-InboxRule",
        { Name: "late", ForwardTo: "a@evil.example" },
        { CreationTime: "2026-03-02T05:00:00" },
      ),
      cmdlet(
        "New-InboxRule",
        { Name: "early", ForwardTo: "b@evil.example" },
        { CreationTime: "2026-03-02T01:00:00" },
      ),
    ];
    const { findings } = runRules({
      rules: [sendBurst, inboxForward],
      records,
      now,
      internalDomains: [DOMAIN],
    });
    expect(findings.map((f) => [f.severity, f.ruleId, f.reason.match(/"(\w+)"/)?.[1] ?? ""])).toEqual([
      ["high", "inbox-rule-forward-external", "early"],
      ["high", "inbox-rule-forward-external", "late"],
      ["medium", "send-burst", ""],
    ]);
  });

  it(`lists at most ${MAX_EVIDENCE} evidence records and counts all in evidenceTotal`, () => {
    const records = Array.from({ length: 45 }, (_, i) =>
      activity({ minutes: i / 10, ip: "192.0.2.10", operation: "Send" }),
    );
    const [finding] = runRules({ rules: [sendBurst], records, now, internalDomains: [DOMAIN] }).findings;
    expect(finding.evidence).toHaveLength(MAX_EVIDENCE);
    expect(finding.evidenceTotal).toBe(45);
  });

  it("gives a search_audit_log next call a window an hour either side of the evidence", () => {
    const rule = cmdlet(
      "New-InboxRule",
      { Name: "x", ForwardTo: "a@evil.example" },
      { CreationTime: "2026-03-02T05:00:00" },
    );
    const [finding] = runRules({
      rules: [inboxForward],
      records: [rule],
      now,
      internalDomains: [DOMAIN],
    }).findings;
    expect(finding.next.args).toMatchObject({
      startTime: "2026-03-02T04:00:00.000Z",
      endTime: "2026-03-02T06:00:00.000Z",
    });
  });

  it("derives internal domains from the tenant's own accounts, never from guests or outside senders", () => {
    const records = [
      record({ Operation: "MailItemsAccessed", UserId: "a@contoso.example", UserType: 0 }),
      record({
        Operation: "MailItemsAccessed",
        UserId: "g_fabrikam.example#EXT#@contoso.example",
        UserType: 0,
      }),
      record({ Operation: "Send", UserId: "svc@partner.example", UserType: 5 }),
      cmdlet("New-InboxRule", { Name: "x", ForwardTo: "x@partner.example" }),
    ];
    const { findings, internalDomains } = runRules({ rules: [inboxForward], records, now });
    expect(internalDomains).toEqual(["contoso.example"]);
    expect(findings[0].reason).toContain("outside the tenant's domains (contoso.example)");
  });

  it("shows a rule only its own operations", () => {
    const mislabelled = record({
      Operation: "Set-Mailbox",
      Parameters: [{ Name: "ForwardTo", Value: "a@evil.example" }],
    });
    expect(
      runRules({ rules: [inboxForward], records: [mislabelled], now, internalDomains: [DOMAIN] }).findings,
    ).toEqual([]);
  });
});
