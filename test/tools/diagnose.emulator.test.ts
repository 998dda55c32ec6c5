// diagnose against the emulator tenant: healthy, an app without roles, no Graph service principal,
// the legacy service retired, and missing subscriptions.
import { afterEach, describe, expect, it } from "vitest";
import type { diagnoseTool } from "../../tools/diagnose.js";
import type { HarnessOptions } from "../helpers/harness.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

async function diagnose(opts: HarnessOptions = {}) {
  const h = await startHarness(opts);
  harnesses.push(h);
  const result = await h.call("diagnose", {});
  expect(result).toBeToolResult();
  const out = outputOf<typeof diagnoseTool>(result);
  const check = (name: string) => {
    const found = out.checks.find((c) => c.name === name);
    expect(found, `check "${name}" in ${out.checks.map((c) => c.name).join(", ")}`).toBeDefined();
    return found!;
  };
  return { h, out, check, text: h.text(result) };
}

describe("diagnose (emulator)", () => {
  it("checks the audit search API: ok for the demo app, the 0-records trap and a 403 named with the fix", async () => {
    const healthy = await diagnose();
    expect(healthy.check("audit search API (history past 7 days)").status).toBe("ok");
    const legacy = await diagnose({ auth: "auditlog-read-only" });
    expect(legacy.check("audit search API (history past 7 days)")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("0 records"),
      fix: expect.stringContaining("AuditLogsQuery.Read.All"),
    });
    const none = await diagnose({ auth: "no-audit-query" });
    expect(none.check("audit search API (history past 7 days)")).toMatchObject({
      status: "fail",
      fix: expect.stringContaining("admin consent"),
    });
  });

  it("finds nothing to fix on the healthy demo tenant and never prints a token", async () => {
    const { h, out, check, text } = await diagnose();
    expect(out.counts.fail, text).toBe(0);
    expect(check("token management").detail).toContain("ActivityFeed.Read");
    expect(check("token management").detail).toContain(`tid=${h.emu.tenantId}`);
    expect(check("clock skew").status).toBe("ok");
    for (const ct of ["Audit.AzureActiveDirectory", "Audit.Exchange", "Audit.SharePoint", "Audit.General"]) {
      expect(check(`subscription ${ct}`).status).toBe("ok");
      expect(check(`content ${ct}`)).toMatchObject({
        status: "ok",
        detail: expect.stringContaining("Content is flowing"),
      });
    }
    expect(check("message trace (Graph)").status).toBe("ok");
    expect(check("message trace").detail).toBe("message_trace uses Graph.");
    const token = (await h.deps.tokens.getToken("management")).token;
    expect(text).not.toContain(token);
    expect(JSON.stringify(out)).not.toContain(token.split(".")[1]);
  });

  it("reports the client certificate's expiry when the app signs in with a certificate", async () => {
    const { check } = await diagnose({ auth: "cert" });
    expect(check("client certificate")).toMatchObject({
      status: "ok",
      detail: expect.stringMatching(/^Valid until \d{4}-/),
    });
    expect(check("token management").status).toBe("ok");
  });

  it("gives the permission fixes for an app with no roles", async () => {
    const { check, out } = await diagnose({ auth: "no-role" });
    expect(check("token management")).toMatchObject({
      status: "fail",
      fix: expect.stringMatching(
        /Office 365 Management APIs > Application permissions > ActivityFeed.Read, then 'Grant admin consent'/,
      ),
    });
    expect(check("token graph").fix).toContain("ExchangeMessageTrace.Read.All");
    expect(check("token reporting").fix).toMatch(/ReportingWebService.Read.All.*Global Reader/);
    expect(check("subscriptions")).toMatchObject({
      status: "fail",
      fix: expect.stringContaining("ActivityFeed.Read"),
    });
    expect(check("message trace (Graph)").fix).toContain("ExchangeMessageTrace.Read.All");
    expect(check("message trace").status).toBe("fail");
    expect(out.counts.fail).toBeGreaterThanOrEqual(5);
  });

  it("tells how to provision the Graph message-trace service principal", async () => {
    const { check } = await diagnose({ emulator: { graphServicePrincipalProvisioned: false } });
    expect(check("message trace (Graph)")).toMatchObject({
      status: "fail",
      fix: expect.stringContaining("New-MgServicePrincipal -AppId 8bd644d1-64a1-4d4b-ae52-2e0cbf64e373"),
    });
    expect(check("message trace")).toMatchObject({ status: "ok", detail: expect.stringContaining("legacy") });
  });

  it("only warns when the legacy Reporting Web Service is retired for the tenant", async () => {
    const { check, out } = await diagnose({ emulator: { legacyReportingAvailable: false } });
    expect(check("message trace (legacy Reporting Web Service)")).toMatchObject({
      status: "warn",
      fix: expect.stringContaining("use Graph message trace"),
    });
    expect(check("message trace").status).toBe("ok");
    expect(out.counts.fail).toBe(0);
  });

  it("suggests start_subscription for content types that are not subscribed or disabled", async () => {
    const { check } = await diagnose({ emulator: { subscribed: ["Audit.Exchange", "Audit.SharePoint"] } });
    expect(check("subscription Audit.General")).toMatchObject({
      status: "warn",
      fix: expect.stringContaining('start_subscription with {"contentType": "Audit.General"}'),
    });
    expect(check("content Audit.Exchange").status).toBe("ok");

    const h = await startHarness();
    harnesses.push(h);
    h.emu.control.disableSubscription("Audit.Exchange");
    const out = outputOf<typeof diagnoseTool>(await h.call("diagnose", {}));
    expect(out.checks.find((c) => c.name === "subscription Audit.Exchange")).toMatchObject({
      status: "fail",
      fix: expect.stringContaining("start_subscription"),
    });
  });
});
