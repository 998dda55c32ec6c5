// Subscription switches of the emulator (o365-api.md 1.5.1, 1.5.3, 1.7): the start throttle per content type,
// no restart linger, unified audit logging off, and webhooks off this machine when allowed.
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { describe, expect, it } from "vitest";
import { parseEmulatorArgs } from "../../src/emulator/cli.js";
import { isLoopbackAddress } from "../../src/emulator/management/webhook-reach.js";
import { resolveOptions } from "../../src/emulator/options.js";
import { afCode, managementFixture } from "./management-fixture.js";

describe("startThrottleScope: contentType", () => {
  it("lets another content type start at once but keeps the wait for the same one", async () => {
    const f = await managementFixture({ startThrottleScope: "contentType", subscribed: [] });
    try {
      expect((await f.post("subscriptions/start?contentType=Audit.SharePoint")).status).toBe(200);
      expect((await f.post("subscriptions/start?contentType=Audit.Exchange")).status).toBe(200);
      await f.post("subscriptions/stop?contentType=Audit.SharePoint");
      const again = await f.post("subscriptions/start?contentType=Audit.SharePoint");
      expect(again.status).toBe(403);
      expect(afCode(again)).toBe("429");
    } finally {
      await f.close();
    }
  });
});

describe("restartLingerMs: 0", () => {
  it("a restarted subscription is listed and serves content at once", async () => {
    const f = await managementFixture({ restartLingerMs: 0, subscribed: ["Audit.Exchange"] });
    try {
      await f.post("subscriptions/stop?contentType=Audit.Exchange");
      expect((await f.post("subscriptions/start?contentType=Audit.Exchange")).status).toBe(200);
      expect((await f.get("subscriptions/content?contentType=Audit.Exchange")).status).toBe(200);
    } finally {
      await f.close();
    }
  });
});

describe("auditLoggingEnabled: false", () => {
  it("answers start with the observed 'Tenant ... does not exist' onboarding error", async () => {
    const f = await managementFixture({ auditLoggingEnabled: false, subscribed: [] });
    try {
      const res = await f.post("subscriptions/start?contentType=Audit.AzureActiveDirectory");
      expect(res.status).toBe(400);
      const { code, message } = (res.json as { error: { code: string; message: string } }).error;
      expect(code).toMatch(
        new RegExp(
          `^StartSubscription \\[CorrId=[0-9a-f-]+\\]\\[TenantId=${f.emu.tenantId},ContentType=Audit\\.AzureActiveDirectory,ApplicationId=${f.emu.clientId},PublisherId=0{8}-0{4}-0{4}-0{4}-0{12}\\]\\[AppId$`,
        ),
      );
      expect(message).toContain(
        `failed. Exception: Microsoft.Office.Compliance.Audit.DataServiceException: Tenant ${f.emu.tenantId} does not exist.\r\n   at `,
      );
      expect((await f.get("subscriptions/list")).json).toEqual([]);
    } finally {
      await f.close();
    }
  });
});

describe("allowExternalWebhooks", () => {
  it("recognises loopback hosts by their literal form only", () => {
    for (const yes of [
      "https://127.0.0.1/",
      "https://127.8.9.10:8443/x",
      "https://[::1]/",
      "https://localhost/",
      "https://[::ffff:127.0.0.1]/",
      "https://2130706433/",
    ])
      expect(isLoopbackAddress(yes), yes).toBe(true);
    for (const no of [
      "https://webhook.myapp.com/",
      "https://127.0.0.1.nip.io/",
      "https://10.0.0.1/",
      "https://[::2]/",
      "not a url",
      "https://128.0.0.1/",
    ])
      expect(isLoopbackAddress(no), no).toBe(false);
  });

  it("is off in the default options the demo runs with", () => {
    expect(resolveOptions({}).allowExternalWebhooks).toBe(false);
    expect(resolveOptions({}).startThrottleScope).toBe("tenant");
    expect(resolveOptions({}).auditLoggingEnabled).toBe(true);
  });

  it("has a CLI flag, off by default", () => {
    expect(parseEmulatorArgs([]).allowExternalWebhooks).toBeUndefined();
    expect(parseEmulatorArgs(["--allow-external-webhooks"]).allowExternalWebhooks).toBe(true);
    expect(parseEmulatorArgs(["--no-audit-logging"]).auditLoggingEnabled).toBe(false);
    expect(parseEmulatorArgs(["--start-throttle-scope", "contentType"]).startThrottleScope).toBe(
      "contentType",
    );
    expect(() => parseEmulatorArgs(["--start-throttle-scope", "app"])).toThrow(/tenant or contentType/);
  });

  // A non-loopback address of this machine stands in for a host elsewhere: nothing leaves the machine.
  const localIp = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === "IPv4")?.address;
  it.skipIf(!localIp)("when on, validates a webhook at a non-loopback address", async () => {
    const f = await managementFixture({ allowExternalWebhooks: true, subscribed: [] });
    const tls = await f.emu.issueCertificate([localIp as string]);
    const calls: string[] = [];
    const hook: Server = createServer({ cert: tls.certPem, key: tls.keyPem }, (req, res) => {
      calls.push(String(req.headers["webhook-validationcode"]));
      res.writeHead(200).end();
    });
    try {
      await new Promise<void>((r) => hook.listen(0, localIp, r));
      const address = `https://${localIp}:${(hook.address() as AddressInfo).port}/o365/`;
      const res = await f.post(
        "subscriptions/start?contentType=Audit.SharePoint",
        JSON.stringify({ webhook: { address } }),
      );
      expect(res.status, res.text).toBe(200);
      expect(calls).toHaveLength(1);
    } finally {
      await new Promise((r) => hook.close(r));
      await f.close();
    }
  });
});
