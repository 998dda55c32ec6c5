import { type Client, ProtocolErrorCode } from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveSince, sinceCompletions } from "../../prompts/since.js";
import { createServer } from "../../src/server.js";
import { connectClient, fakeDeps } from "../helpers/fake-deps.js";

const NOW = new Date("2026-11-26T12:00:00Z");
let client: Client;
let close: () => Promise<void>;

beforeAll(async () => {
  const created = createServer(fakeDeps({ now: () => NOW }));
  client = await connectClient(created.server);
  close = async () => {
    await client.close();
    await created.close();
  };
});
afterAll(() => close());

function textOf(result: Awaited<ReturnType<Client["getPrompt"]>>): string {
  const content = result.messages[0]?.content;
  return content?.type === "text" ? content.text : "";
}

describe("prompts/list", () => {
  it("lists the three prompts, each with a description and its arguments", async () => {
    const { prompts } = await client.listPrompts();
    const byName = Object.fromEntries(prompts.map((p) => [p.name, p]));
    expect(Object.keys(byName)).toEqual(
      expect.arrayContaining([
        "investigate_message_trace",
        "investigate_user_activity",
        "audit_pipeline_health",
      ]),
    );
    for (const p of prompts) expect(p.description?.length).toBeGreaterThan(40);
    expect(byName.investigate_message_trace.arguments?.map((a) => [a.name, a.required])).toEqual([
      ["sender", false],
      ["recipient", false],
      ["messageId", false],
      ["subject", false],
      ["since", false],
    ]);
    expect(byName.investigate_user_activity.arguments).toContainEqual(
      expect.objectContaining({ name: "user", required: true }),
    );
  });
});

describe("investigate_message_trace", () => {
  it("refuses a call without sender, recipient, messageId or subject, naming them", async () => {
    const call = client.getPrompt({ name: "investigate_message_trace", arguments: { since: "24h" } });
    await expect(call).rejects.toMatchObject({ code: ProtocolErrorCode.InvalidParams });
    await expect(call).rejects.toThrow(/sender, recipient, messageId, subject/);
  });

  it("fills the plan with the sender and a concrete start time, naming the tools and operations", async () => {
    const result = await client.getPrompt({
      name: "investigate_message_trace",
      arguments: { sender: "billing@evil.example", since: "24h" },
    });
    const text = textOf(result);
    expect(result.messages[0].role).toBe("user");
    expect(text).toContain('"senderAddress":"billing@evil.example"');
    expect(text).toContain('"startTime":"2026-11-25T12:00:00Z"');
    for (const word of [
      "`message_trace`",
      "`message_trace_detail`",
      "`search_audit_log`",
      "`diagnose`",
      "New-InboxRule",
      "Set-InboxRule",
      "UpdateInboxRules",
      "MailItemsAccessed",
      "FileDownloaded",
      "UserLoggedIn",
      '"clientIps"',
    ]) {
      expect(text).toContain(word);
    }
  });

  it("uses a subject as a contains filter and the recipient as the audited user", async () => {
    const text = textOf(
      await client.getPrompt({
        name: "investigate_message_trace",
        arguments: { subject: "Invoice overdue", recipient: "adele@contoso.example" },
      }),
    );
    expect(text).toContain('"subject":"Invoice overdue","subjectFilter":"contains"');
    expect(text).toContain('"users": ["adele@contoso.example"]');
  });

  it("searches the audit log over the whole since window, saying how history past 7 days is read", async () => {
    const text = textOf(
      await client.getPrompt({
        name: "investigate_message_trace",
        arguments: { sender: "billing@evil.example", since: "10d" },
      }),
    );
    expect(text).toContain('"startTime":"2026-11-16T12:00:00Z"');
    expect(text).toContain('"startTime": "2026-11-16T12:00:00Z"');
    expect(text).toContain("Purview audit search API");
    expect(text).toContain("nextCursor");
    const recent = textOf(
      await client.getPrompt({
        name: "investigate_message_trace",
        arguments: { sender: "billing@evil.example", since: "48h" },
      }),
    );
    expect(recent).not.toContain("Purview audit search API");
  });

  it("rejects a since value it cannot read", async () => {
    const call = client.getPrompt({
      name: "investigate_message_trace",
      arguments: { sender: "a@b.example", since: "last tuesday" },
    });
    await expect(call).rejects.toThrow(/since "last tuesday" is not understood/);
  });

  it("completes since with relative ages and recent dates", async () => {
    const complete = (value: string) =>
      client.complete({
        ref: { type: "ref/prompt", name: "investigate_message_trace" },
        argument: { name: "since", value },
      });
    expect((await complete("4")).completion.values).toEqual(["48h"]);
    expect((await complete("7")).completion.values).toEqual(["72h", "7d"]);
    expect((await complete("")).completion.values).toEqual(
      expect.arrayContaining(["24h", "48h", "7d", "2026-11-20"]),
    );
    expect((await complete("2026-11-2")).completion.values).toContain("2026-11-26");
  });
});

describe("investigate_user_activity", () => {
  it("requires user", async () => {
    await expect(
      client.getPrompt({ name: "investigate_user_activity", arguments: {} }),
    ).rejects.toMatchObject({
      code: ProtocolErrorCode.InvalidParams,
    });
  });

  it("builds a plan over the user's sign-ins, rules, mail and files, clamped to the 180-day retention", async () => {
    const text = textOf(
      await client.getPrompt({
        name: "investigate_user_activity",
        arguments: { user: "adele@contoso.example", since: "200d" },
      }),
    );
    expect(text).toContain('"users":["adele@contoso.example"]');
    expect(text).toContain("the audit log keeps 180 days");
    expect(text).toMatch(/"startTime":"2026-05-30T12:10:00Z"/);
    expect(text).toContain("what did 203.0.113.66 do in the last 30 days?");
    for (const word of [
      "UserLoggedIn",
      "New-InboxRule",
      "MailItemsAccessed",
      "FileDownloaded",
      "`message_trace`",
    ]) {
      expect(text).toContain(word);
    }
  });

  it("completes since", async () => {
    const result = await client.complete({
      ref: { type: "ref/prompt", name: "investigate_user_activity" },
      argument: { name: "since", value: "2" },
    });
    expect(result.completion.values).toEqual(expect.arrayContaining(["24h", "2026-11-26"]));
  });
});

describe("audit_pipeline_health", () => {
  it("walks through diagnose, subscriptions, content flow and webhooks", async () => {
    const text = textOf(await client.getPrompt({ name: "audit_pipeline_health" }));
    for (const tool of [
      "`diagnose`",
      "`list_subscriptions`",
      "`start_subscription`",
      "`list_available_content`",
      "`retrieve_content`",
      "`search_audit_log`",
      "`list_notifications`",
    ]) {
      expect(text).toContain(tool);
    }
  });
});

describe("since", () => {
  it("reads ages, dates and date-times, and refuses the future", () => {
    expect(resolveSince("6h", NOW).toISOString()).toBe("2026-11-26T06:00:00.000Z");
    expect(resolveSince("7d", NOW).toISOString()).toBe("2026-11-19T12:00:00.000Z");
    expect(resolveSince("2026-11-20", NOW).toISOString()).toBe("2026-11-20T00:00:00.000Z");
    expect(resolveSince("2026-11-20T08:30:00", NOW).toISOString()).toBe("2026-11-20T08:30:00.000Z");
    expect(resolveSince(undefined, NOW).toISOString()).toBe("2026-11-24T12:00:00.000Z");
    expect(() => resolveSince("2027-01-01", NOW)).toThrow(/not understood/);
    expect(sinceCompletions("1", NOW)).toEqual(["1h", "12h", "10d"]);
  });
});
