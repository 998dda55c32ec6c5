// Subscriptions as the service does them (o365-api.md 1.5.1, 1.5.3, 1.7), through a real MCP client: the
// 15-minute start wait explained and planned across content types, AF20023 lingering after stop then
// start, and the "Tenant ... does not exist" answer when unified audit logging is off.
import { afterEach, describe, expect, it } from "vitest";
import type { diagnoseTool } from "../../tools/diagnose.js";
import type { startSubscription } from "../../tools/start_subscription.js";
import { type Harness, type HarnessOptions, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";

const MINUTE = 60_000;
const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});
async function harness(opts: HarnessOptions): Promise<Harness> {
  const h = await startHarness(opts);
  harnesses.push(h);
  return h;
}
const starts = (h: Harness) =>
  h.emu.control.requests().filter((q) => q.path.endsWith("/subscriptions/start")).length;

describe("the 15-minute start wait", () => {
  it("a single start that hits it says what the wait means", async () => {
    const h = await harness({ emulator: { subscribed: [] } });
    expect(await h.call("start_subscription", { contentType: "Audit.Exchange" })).toBeToolResult();
    const r = await h.call("start_subscription", { contentType: "Audit.SharePoint" });
    expect(r).toBeToolResult({
      isError: true,
      text: [
        /\[429\] \(HTTP 403\) Too many frequent subscription start requests/,
        /Hint: Microsoft asks for 15 minutes between subscription start requests, and the wait may cover every content type of the tenant, not only this one: nothing is broken, wait 1[45]m \d+s and start it again/,
        /give them together to start_subscription/,
      ],
    });
  });

  it("several content types at once: one started, the rest planned 15 minutes apart, already-enabled ones skipped", async () => {
    const h = await harness({ emulator: { subscribed: ["Audit.Exchange"] } });
    h.emu.control.clearRequests();
    const before = Date.now();
    const r = await h.call("start_subscription", {
      contentType: "Audit.General, audit.exchange,DLP.All,Audit.SharePoint",
    });
    expect(r).toBeToolResult({
      text: [
        /^Audit\.General,Audit\.Exchange,DLP\.All,Audit\.SharePoint: 2 of 4 enabled\./,
        "Audit.General: started.",
        "Audit.Exchange: already enabled, not started again.",
        /DLP\.All: not started yet; call start_subscription for it after 20\d\d-/,
        /may count every content type against the same wait/,
      ],
    });
    const out = outputOf<typeof startSubscription>(r);
    expect(out.plan?.map((p) => [p.contentType, p.outcome])).toEqual([
      ["Audit.General", "started"],
      ["Audit.Exchange", "already enabled"],
      ["DLP.All", "waiting"],
      ["Audit.SharePoint", "waiting"],
    ]);
    const dlp = Date.parse(out.plan?.[2].notBefore ?? "");
    const sharePoint = Date.parse(out.plan?.[3].notBefore ?? "");
    expect(dlp - before).toBeGreaterThan(14 * MINUTE);
    expect(dlp - before).toBeLessThanOrEqual(15 * MINUTE + 5000);
    expect(sharePoint - dlp).toBe(15 * MINUTE);
    // One start that worked and one that met the wait: no request sent that could only fail.
    expect(starts(h)).toBe(2);
  });

  it('"all" starts every content type when the service counts the wait per content type', async () => {
    const h = await harness({ emulator: { subscribed: [], startThrottleScope: "contentType" } });
    const r = await h.call("start_subscription", { contentType: "all" });
    expect(r).toBeToolResult({ structured: { status: "enabled", alreadyEnabled: false } });
    expect(outputOf<typeof startSubscription>(r).plan?.every((p) => p.outcome === "started")).toBe(true);
    expect(starts(h)).toBe(5);
  });

  it("a failure of one content type is reported beside the others, and bad names are refused first", async () => {
    const h = await harness({
      emulator: { subscribed: [], startThrottleScope: "contentType" },
      auth: "no-dlp",
    });
    const r = await h.call("start_subscription", { contentType: "DLP.All,Audit.General" });
    expect(r).toBeToolResult({ text: [/DLP\.All: failed: \[AF10001\]/, "Audit.General: started."] });
    h.emu.control.clearRequests();
    const bad = await h.call("start_subscription", { contentType: "Audit.General,Audit.Teams" });
    expect(bad).toBeToolResult({ isError: true, text: /Unknown content type "Audit.Teams"/ });
    expect(starts(h)).toBe(0);
  });
});

describe("stop then start", () => {
  it("AF20023 right after a restart is explained as 'wait and retry', and diagnose says the same", async () => {
    const h = await harness({ emulator: { subscribed: ["Audit.Exchange"] } });
    expect(
      await h.call("stop_subscription", { contentType: "Audit.Exchange", confirm: true }),
    ).toBeToolResult();
    expect(await h.call("start_subscription", { contentType: "Audit.Exchange" })).toBeToolResult({
      structured: { status: "enabled" },
    });
    const r = await h.call("list_available_content", { contentType: "Audit.Exchange" });
    expect(r).toBeToolResult({
      isError: true,
      text: [
        /\[AF20023\]/,
        /just started again after a stop, Microsoft keeps answering AF20023 for a while: wait some minutes and retry, without starting it again/,
      ],
    });
    const out = outputOf<typeof diagnoseTool>(await h.call("diagnose"));
    expect(out.checks.find((c) => c.name === "subscription Audit.Exchange")).toMatchObject({
      status: "warn",
      detail: expect.stringContaining("just started again after a stop"),
    });
  });
});

describe("unified audit logging off", () => {
  it("start_subscription answers 'tenant does not exist' with the audit-logging fix, and diagnose names it", async () => {
    const h = await harness({ emulator: { subscribed: [], auditLoggingEnabled: false } });
    const r = await h.call("start_subscription", { contentType: "Audit.Exchange" });
    expect(r).toBeToolResult({
      isError: true,
      text: [
        /\[TENANT_NOT_ONBOARDED\] \(HTTP 400\) .*DataServiceException: Tenant [0-9a-f-]+ does not exist\./,
        /Hint: Microsoft says the tenant does not exist for auditing: unified audit logging is off/,
        /Set-AdminAuditLogConfig -UnifiedAuditLogIngestionEnabled \$true/,
      ],
    });
    expect(h.text(r)).not.toMatch(/\n\s+at Microsoft\./);
    const out = outputOf<typeof diagnoseTool>(await h.call("diagnose"));
    expect(out.checks.find((c) => c.name === "subscription Audit.Exchange")?.fix).toMatch(
      /"Tenant \.\.\. does not exist", unified audit logging is off: Turn on unified audit logging/,
    );
  });
});
