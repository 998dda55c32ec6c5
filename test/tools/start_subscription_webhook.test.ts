import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../helpers/harness.js";

describe("start_subscription with a webhook", () => {
  let h: Harness;
  let listener: Server;
  let status = 200;
  const received: { authId?: string; validationCode?: string }[] = [];
  let address = "";

  beforeAll(async () => {
    // Starts of different content types in a row: the start wait counted per content type here.
    h = await startHarness({
      emulator: { subscribed: ["Audit.Exchange"], startThrottleScope: "contentType" },
    });
    const cert = await h.emu.issueCertificate(["127.0.0.1"]);
    listener = createServer({ cert: cert.certPem, key: cert.keyPem }, (req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        received.push({
          authId: req.headers["webhook-authid"] as string | undefined,
          validationCode: (JSON.parse(body || "{}") as { validationCode?: string }).validationCode,
        });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => listener.listen(0, "127.0.0.1", resolve));
    address = `https://127.0.0.1:${(listener.address() as AddressInfo).port}/o365/`;
  });
  afterAll(async () => {
    await h?.close();
    await new Promise((resolve) => listener?.close(resolve));
  });

  it("registers a validated HTTPS webhook", async () => {
    const r = await h.call("start_subscription", {
      contentType: "Audit.SharePoint",
      webhook: { address, authId: "o365activityapinotification" },
    });
    expect(r).toBeToolResult();
    expect(r.structuredContent).toMatchObject({
      contentType: "Audit.SharePoint",
      status: "enabled",
      webhook: { address },
    });
    expect(received.at(-1)).toMatchObject({ authId: "o365activityapinotification" });
    expect(received.at(-1)?.validationCode).toBeTruthy();
  });

  it("explains AF20021 when the endpoint does not answer 200", async () => {
    status = 500;
    const r = await h.call("start_subscription", { contentType: "Audit.General", webhook: { address } });
    expect(r).toBeToolResult({ isError: true, text: [/\[AF20021\]/, /Hint: /] });
  });

  it("a webhook off this machine is not contacted by the emulator, and the answer says so", async () => {
    const before = received.length;
    const r = await h.call("start_subscription", {
      contentType: "Audit.General",
      webhook: { address: "https://webhook.myapp.com/o365/" },
    });
    expect(r).toBeToolResult({
      isError: true,
      text: [
        /\[AF20021\]/,
        /The emulator does not contact hosts off this machine/,
        /allow-external-webhooks/,
      ],
    });
    expect(received.length).toBe(before);
  });

  it("refuses a past expiration before calling the API", async () => {
    const r = await h.call("start_subscription", {
      contentType: "Audit.General",
      webhook: { address, expiration: "2020-01-01T00:00:00Z" },
    });
    expect(r).toBeToolResult({
      isError: true,
      text: /\[INVALID_WEBHOOK\] webhook.expiration .* is in the past/,
    });
  });

  it("reports the 15-minute start throttle with the wait", async () => {
    status = 200;
    const r = await h.call("start_subscription", { contentType: "Audit.SharePoint" });
    expect(r).toBeToolResult({ isError: true, text: /\d+m \d+s|15 minutes/ });
  });
});
