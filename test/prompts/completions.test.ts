// Argument completion from recent results, through a real MCP client against the emulator: after the
// investigation showed users, senders and IPs, the prompt arguments offer them, with no new API call.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../helpers/harness.js";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

const complete = (prompt: string, name: string, value: string) =>
  h.client
    .complete({ ref: { type: "ref/prompt", name: prompt }, argument: { name, value } })
    .then((r) => r.completion.values);

describe("completion of users, senders and IPs seen in recent results", () => {
  it("offers nothing before any result, then what the results showed, without calling the API", async () => {
    const { compromisedUser, attackerIp, attackerSender } = h.emu.incident;
    expect(await complete("investigate_user_activity", "user", "")).toEqual([]);

    expect(
      await h.call("search_audit_log", { users: [compromisedUser], operations: ["UserLoggedIn"] }),
    ).toBeToolResult();
    expect(await h.call("message_trace", { senderAddress: attackerSender })).toBeToolResult();

    const before = h.emu.control.requests().length;
    const users = await complete("investigate_user_activity", "user", compromisedUser.slice(0, 3));
    expect(users).toContain(compromisedUser);
    for (const u of users)
      expect(u.toLowerCase().startsWith(compromisedUser.slice(0, 3).toLowerCase())).toBe(true);

    const ips = await complete(
      "investigate_user_activity",
      "ip",
      attackerIp.split(".").slice(0, 2).join("."),
    );
    expect(ips).toContain(attackerIp);

    const senders = await complete(
      "investigate_message_trace",
      "sender",
      attackerSender.slice(0, 4).toUpperCase(),
    );
    expect(senders).toEqual([attackerSender]);
    const recipients = await complete("investigate_message_trace", "recipient", compromisedUser.slice(0, 5));
    expect(recipients).toContain(compromisedUser);
    expect(h.emu.control.requests().length).toBe(before);
  });

  it("matches inside a value too, after the prefix matches, and never offers an unseen value", async () => {
    const { compromisedUser } = h.emu.incident;
    const domain = compromisedUser.split("@")[1];
    const users = await complete("investigate_user_activity", "user", domain);
    expect(users).toContain(compromisedUser);
    expect(await complete("investigate_user_activity", "user", "nobody-seen@nowhere.example")).toEqual([]);
  });

  it("puts a given ip into the plan's per-IP step", async () => {
    const { compromisedUser, attackerIp } = h.emu.incident;
    const prompt = await h.client.getPrompt({
      name: "investigate_user_activity",
      arguments: { user: compromisedUser, ip: attackerIp },
    });
    const text = prompt.messages[0].content.type === "text" ? prompt.messages[0].content.text : "";
    expect(text).toContain(`"clientIps":["${attackerIp}"]`);
  });
});
