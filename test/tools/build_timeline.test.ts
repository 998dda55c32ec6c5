// build_timeline through a real MCP client against the emulator's demo tenant over HTTPS: the phish's
// timeline in order (delivery, the opening, the sign-ins, the rule, the access, the forward, the download),
// by user and by IP, paging, late content, and every refusal a user can cause.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle, IncidentFacts } from "../../src/emulator/types.js";
import type { buildTimelineTool, ListedEntry } from "../../tools/build_timeline.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";

const out = outputOf<typeof buildTimelineTool>;
type Output = ReturnType<typeof out>;
type Entry = ListedEntry;
const HOUR = 3_600_000;

let emu: EmulatorHandle;
let h: Harness;
let facts: IncidentFacts;
const extra: Harness[] = [];

beforeAll(async () => {
  emu = await startEmulator({ quiet: true });
  h = await startHarness({ emu });
  facts = emu.incident;
});
afterAll(async () => {
  for (const x of [h, ...extra]) await x?.close();
  await emu?.close();
});

/** Every page of one timeline, following nextCursor. */
async function allEntries(
  args: Record<string, unknown>,
  harness = h,
): Promise<{ first: Output; entries: Entry[] }> {
  const r = await harness.call("build_timeline", args);
  expect(r).toBeToolResult();
  const first = out(r);
  const entries = [...first.entries] as Entry[];
  let cursor = first.nextCursor;
  for (let pages = 1; cursor; pages++) {
    expect(pages).toBeLessThan(20);
    const next = await harness.call("build_timeline", { cursor });
    expect(next).toBeToolResult();
    const o = out(next);
    expect(o.offset).toBe(entries.length);
    entries.push(...(o.entries as Entry[]));
    cursor = o.nextCursor;
  }
  expect(entries).toHaveLength(first.totalEntries);
  return { first, entries };
}

const lower = (s: string | undefined) => (s ?? "").toLowerCase();
const ms = (t: string) => Date.parse(/(Z|[+-]\d\d:?\d\d)$/.test(t) ? t : `${t}Z`);

describe("build_timeline of the phishing message (by messageId)", () => {
  let first: Output;
  let entries: Entry[];
  beforeAll(async () => {
    ({ first, entries } = await allEntries({ messageId: facts.phishMessageId }));
  });

  it("lists received, the deliveries, the opening, the sign-ins, the rule, the access, the forward and the download in order", () => {
    const victim = lower(facts.compromisedUser);
    const find = (what: string, test: (e: Entry) => boolean): number => {
      const i = entries.findIndex(test);
      expect(i, what).toBeGreaterThanOrEqual(0);
      return i;
    };
    const steps = [
      find("received", (e) => e.source === "messageTrace" && e.action === "Received"),
      find(
        "delivered to the victim",
        (e) => e.source === "messageTraceDetail" && e.action === "Delivered" && lower(e.target) === victim,
      ),
      find(
        "the victim opens the phish",
        (e) =>
          e.action === "MailItemsAccessed" &&
          lower(e.actor) === victim &&
          e.correlation === "internetMessageId" &&
          e.ip !== facts.attackerIp,
      ),
      find("failed sign-in", (e) => e.action === "UserLoginFailed" && e.ip === facts.attackerIp),
      find("attacker sign-in", (e) => e.action === "UserLoggedIn" && e.ip === facts.attackerIp),
      find(
        "inbox rule",
        (e) =>
          e.action === "New-InboxRule" &&
          e.ip === facts.attackerIp &&
          (e.summary ?? "").includes(facts.inboxRuleName),
      ),
      find(
        "mail access from the attacker IP",
        (e) =>
          e.action === "MailItemsAccessed" && e.ip === facts.attackerIp && e.correlation === "userAndTime",
      ),
      find(
        "forwarded out",
        (e) =>
          e.source === "messageTrace" && e.action.startsWith("Sent") && e.target === "exfil@evil.example",
      ),
      find("file download", (e) => e.action === "FileDownloaded" && e.ip === facts.attackerIp),
    ];
    for (let i = 1; i < steps.length; i++)
      expect(steps[i], `step ${i} after step ${i - 1}`).toBeGreaterThan(steps[i - 1]);
    expect(ms(entries[steps[4]].time)).toBe(ms(facts.foreignSignIn));
    expect(ms(entries[steps[5]].time)).toBe(ms(facts.inboxRuleCreated));
    expect(ms(entries[steps[8]].time)).toBe(ms(facts.fileDownloaded));
    const times = entries.map((e) => Date.parse(e.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("shows the quarantined and junked copies, and names the ids that fetch each entry whole", () => {
    for (const q of facts.quarantinedRecipients) {
      expect(entries).toContainEqual(
        expect.objectContaining({
          action: "Spam verdict (Quarantine)",
          target: q,
          source: "messageTraceDetail",
        }),
      );
    }
    for (const s of facts.spamFilteredRecipients) {
      const junk = entries.find((e) => e.action === "Delivered" && e.target === s);
      expect(junk?.summary).toMatch(/^Junk Email: /);
    }
    const received = entries.find((e) => e.action === "Received")!;
    expect(received).toMatchObject({
      actor: facts.attackerSender,
      ids: { messageTraceId: expect.any(String) },
    });
    expect(ms(received.time)).toBe(ms(facts.phishReceived));
    const rule = entries.find((e) => e.action === "New-InboxRule")!;
    expect(rule.ids).toEqual({ auditId: expect.stringMatching(/^[0-9a-f-]{36}$/), workload: "Exchange" });
    const delivered = entries.find((e) => e.action === "Delivered" && e.target === facts.compromisedUser)!;
    expect(delivered.ids).toEqual({
      messageTraceId: received.ids.messageTraceId,
      recipient: facts.compromisedUser,
    });
  });

  it("searches the audit of the mailboxes the message reached, from its receipt, and says what it read", () => {
    const reached = [...facts.deliveredRecipients, ...facts.spamFilteredRecipients].map(lower).sort();
    expect([...first.users].sort()).toEqual(reached);
    for (const q of facts.quarantinedRecipients) expect(first.users).not.toContain(lower(q));
    const audit = first.coverage.audit!;
    expect(ms(String(audit.startTime))).toBe(ms(facts.phishReceived));
    expect(audit.blobsFailed).toBe(0);
    expect(first.coverage.messageTrace).toMatchObject({
      detailsFetched: 6,
      detailsFailed: 0,
      backend: "graph",
    });
    expect(first.notes?.join("\n")).toMatch(
      /other audit records of the same users\/IPs are not in the timeline/,
    );
  });

  it("renders coverage, the late-content horizon and how to fetch entries whole in the text", async () => {
    const r = await h.call("build_timeline", { messageId: facts.phishMessageId, limit: 5 });
    expect(r).toBeToolResult({
      text: [
        /^Timeline .*: \d+ entries; showing 1-5\./,
        "detail events for 6 recipient(s)",
        "(24 h arrival horizon); audit events may still arrive until",
        "message_trace_detail {messageTraceId, recipientAddress: recipient}",
        "«untrusted:",
      ],
    });
    expect(out(r).entries).toHaveLength(5);
    expect(out(r).notes?.[0]).toMatch(/5 entries/);
    // The next page is cut from the same trace answer: no new message-trace request (Graph's 100 per 5 min).
    const next = await h.call("build_timeline", { cursor: out(r).nextCursor, limit: 5 });
    expect(next).toBeToolResult({ text: "(read for an earlier page of this timeline)" });
    expect(out(next).coverage.messageTrace).toMatchObject({ fromCache: true });
    expect(out(next).offset).toBe(5);
  });

  it("finds the message by sender and subject too", async () => {
    const r = await h.call("build_timeline", {
      senderAddress: facts.attackerSender,
      subject: "Invoice overdue",
      limit: 20,
    });
    expect(r).toBeToolResult();
    expect(out(r).entries[0]).toMatchObject({ action: "Received", actor: facts.attackerSender });
  });
});

describe("build_timeline of a user and of an IP", () => {
  it("by user: the phish arriving, the attacker's sign-in and rule, and the forwarded mail", async () => {
    const { first, entries } = await allEntries({ user: facts.compromisedUser });
    expect(first.users).toEqual([lower(facts.compromisedUser)]);
    const i = (test: (e: Entry) => boolean) => entries.findIndex(test);
    const phish = i(
      (e) => e.source === "messageTrace" && e.actor === facts.attackerSender && e.action === "Delivered",
    );
    const signIn = i((e) => e.action === "UserLoggedIn" && e.ip === facts.attackerIp);
    const rule = i((e) => e.action === "New-InboxRule" && e.ip === facts.attackerIp);
    const forward = i((e) => e.action === "Sent (Delivered)" && e.target === "exfil@evil.example");
    expect([phish, signIn, rule, forward].every((n) => n >= 0)).toBe(true);
    expect(phish).toBeLessThan(signIn);
    expect(signIn).toBeLessThan(rule);
    expect(rule).toBeLessThan(forward);
    expect(entries.some((e) => e.correlation !== undefined)).toBe(false);
  });

  it("by IP: exactly the attacker's five records, in order", async () => {
    const r = await h.call("build_timeline", { ip: facts.attackerIp });
    expect(r).toBeToolResult();
    const o = out(r);
    const got = o.entries as Entry[];
    expect(got.map((e) => e.action)).toEqual([
      "UserLoginFailed",
      "UserLoggedIn",
      "New-InboxRule",
      "MailItemsAccessed",
      "FileDownloaded",
    ]);
    expect(new Set(got.map((e) => e.ip))).toEqual(new Set([facts.attackerIp]));
    expect(o.users).toEqual([]);
    expect(o.nextCursor).toBeUndefined();
  });
});

describe("late content (o365-api.md 1.6)", () => {
  it("with an arrival horizon shorter than the sign-in's lag, misses it and says later arrivals are not covered", async () => {
    const short = await startHarness({ emu, config: { contentArrivalHours: 2 } });
    extra.push(short);
    const at = Date.parse(facts.foreignSignIn);
    const r = await short.call("build_timeline", {
      ip: facts.attackerIp,
      startTime: new Date(at - HOUR).toISOString(),
      endTime: new Date(at + HOUR).toISOString(),
    });
    expect(r).toBeToolResult({ text: "(2 h arrival horizon); events delivered later are not covered." });
    const actions = (out(r).entries as Entry[]).map((e) => e.action);
    expect(actions).toContain("UserLoginFailed");
    expect(actions).not.toContain("UserLoggedIn");
  });
});

describe("build_timeline refuses bad input with a hint", () => {
  const refused = async (args: Record<string, unknown>, code: string, hint: RegExp) => {
    const r = await h.call("build_timeline", args);
    expect(r).toBeToolResult({ isError: true, text: [`[${code}]`, hint] });
  };
  const now = () => Date.now();

  it("none of messageId, senderAddress, user or ip", async () => {
    await refused({}, "NO_SUBJECT", /Hint: Give messageId/);
    await refused({ subject: "Invoice" }, "NO_SUBJECT", /subject alone/);
  });

  it("two subjects at once", async () => {
    await refused(
      { user: facts.compromisedUser, ip: facts.attackerIp },
      "INVALID_ARGUMENTS",
      /one timeline per subject/,
    );
  });

  it("an empty or inverted window", async () => {
    const t = new Date(now() - HOUR).toISOString();
    await refused({ ip: facts.attackerIp, startTime: t, endTime: t }, "INVALID_WINDOW", /window is empty/);
    await refused(
      { ip: facts.attackerIp, startTime: t, endTime: new Date(now() - 2 * HOUR).toISOString() },
      "INVALID_WINDOW",
      /earlier than endTime/,
    );
  });

  it("a window longer than one message-trace query covers", async () => {
    await refused(
      { messageId: facts.phishMessageId, startTime: new Date(now() - 11 * 24 * HOUR).toISOString() },
      "WINDOW_TOO_LONG",
      /at most 10 days/,
    );
  });

  it("a malformed messageId, address or IP", async () => {
    await refused({ messageId: "not a message id" }, "INVALID_MESSAGE_ID", /<abc123@mail.contoso.com>/);
    await refused({ messageId: '<a@b>"; drop' }, "INVALID_MESSAGE_ID", /Message-ID/);
    await refused({ user: "Carla Wilber" }, "INVALID_ADDRESS", /UPN/);
    await refused({ ip: "203.0.113.66:443" }, "INVALID_IP", /without port/);
  });

  it("a messageId that is not in the trace", async () => {
    await refused(
      { messageId: "<nothing-here@nowhere.example>" },
      "MESSAGE_NOT_FOUND",
      /window that contains the received time/,
    );
  });

  it("a user that does not exist", async () => {
    const domain = facts.compromisedUser.split("@")[1];
    await refused({ user: `no.such.person@${domain}` }, "NO_ACTIVITY", /Check the UPN/);
  });
});

describe("the investigate_* prompts start with build_timeline", () => {
  const callIn = async (name: string, args: Record<string, string>) => {
    const prompt = await h.client.getPrompt({ name, arguments: args });
    const content = prompt.messages[0].content;
    const text = content.type === "text" ? content.text : "";
    const m = /call `build_timeline` with (\{.*?\})[.:]/.exec(text);
    expect(m, `${name} names build_timeline`).not.toBeNull();
    return JSON.parse(m![1]) as Record<string, unknown>;
  };

  it("investigate_message_trace: its build_timeline call shows the phish reaching the victim", async () => {
    const args = await callIn("investigate_message_trace", { sender: facts.attackerSender, since: "48h" });
    expect(args).toMatchObject({ senderAddress: facts.attackerSender });
    const { entries } = await allEntries(args);
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: "Delivered",
        target: facts.compromisedUser,
        source: "messageTraceDetail",
      }),
    );
  });

  it("investigate_user_activity: its build_timeline call shows the attacker's sign-in", async () => {
    const args = await callIn("investigate_user_activity", { user: facts.compromisedUser, since: "48h" });
    expect(args).toMatchObject({ user: facts.compromisedUser });
    const { entries } = await allEntries(args);
    expect(entries).toContainEqual(expect.objectContaining({ action: "UserLoggedIn", ip: facts.attackerIp }));
  });
});
