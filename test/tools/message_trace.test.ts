import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { messageTrace } from "../../tools/message_trace.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";

const out = outputOf<typeof messageTrace>;

const HOUR = 3_600_000;

describe("message_trace", () => {
  let h: Harness;
  let window: { startTime: string; endTime: string };
  beforeAll(async () => {
    h = await startHarness();
    const t = Date.parse(h.emu.incident.phishReceived);
    window = {
      startTime: new Date(t - 2 * HOUR).toISOString(),
      endTime: new Date(t + 2 * HOUR).toISOString(),
    };
  });
  afterAll(async () => {
    await h?.close();
  });

  it("finds the phishing wave by sender through Graph, one row per recipient", async () => {
    const r = await h.call("message_trace", { senderAddress: h.emu.incident.attackerSender, ...window });
    expect(r).toBeToolResult({
      text: /^\d+ message trace rows \(.*Delivered.*\) from Microsoft Graph\./,
      structured: { backend: "graph" },
    });
    const { rows } = out(r);
    const byStatus = (s: string) =>
      rows
        .filter((x) => x.status === s)
        .map((x) => x.recipientAddress)
        .sort();
    expect(byStatus("Delivered")).toEqual([...h.emu.incident.deliveredRecipients].sort());
    expect(byStatus("Quarantined")).toEqual([...h.emu.incident.quarantinedRecipients].sort());
    expect(rows.every((x) => x.senderAddress === h.emu.incident.attackerSender)).toBe(true);
  });

  it("filters by subject with startsWith", async () => {
    const prefix = h.emu.incident.phishSubject.slice(0, 8);
    const r = await h.call("message_trace", { subject: prefix, subjectFilter: "startsWith", ...window });
    const { rows } = out(r);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((x) => x.subject?.startsWith(prefix))).toBe(true);
  });

  it("pages with limit and cursor without losing or repeating rows", async () => {
    const args = { senderAddress: h.emu.incident.attackerSender, ...window };
    const whole = out(await h.call("message_trace", args));
    expect(whole.rows.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let cursor: string | undefined;
    let calls = 0;
    do {
      const page = out(await h.call("message_trace", { ...args, limit: 2, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.rows.map((x) => `${x.messageTraceId}/${x.recipientAddress}`));
      cursor = page.nextCursor;
      calls++;
    } while (cursor && calls < 30);
    expect(seen).toEqual(whole.rows.map((x) => `${x.messageTraceId}/${x.recipientAddress}`));
  });

  it("refuses a cursor used with different filters", async () => {
    const first = out(
      await h.call("message_trace", { senderAddress: h.emu.incident.attackerSender, ...window, limit: 1 }),
    );
    const r = await h.call("message_trace", {
      senderAddress: "someone@else.example",
      ...window,
      cursor: first.nextCursor,
    });
    expect(r).toBeToolResult({
      isError: true,
      text: /\[INVALID_CURSOR\] The cursor belongs to a different message_trace query/,
    });
  });

  it("refuses raw OData mixed with structured filters, saying they are exclusive", async () => {
    const r = await h.call("message_trace", {
      senderAddress: "a@b.example",
      $filter: "SenderAddress eq 'a@b.example'",
    });
    expect(r).toBeToolResult({ isError: true, text: /cannot be combined with structured filters/ });
  });

  it("refuses raw OData with backend graph", async () => {
    const r = await h.call("message_trace", { $top: 5, backend: "graph" });
    expect(r).toBeToolResult({ isError: true, text: /legacy reporting backend/ });
  });

  it("refuses a malformed messageTraceId, an end before the start and an unknown status", async () => {
    const guid = await h.call("message_trace", { messageTraceId: "not-a-guid" });
    expect(guid).toBeToolResult({
      isError: true,
      text: /\[INVALID_GUID\] messageTraceId "not-a-guid" is not a GUID/,
    });
    const order = await h.call("message_trace", {
      startTime: "2026-11-26T10:00:00Z",
      endTime: "2026-11-25T10:00:00Z",
    });
    expect(order).toBeToolResult({
      isError: true,
      text: /\[INVALID_WINDOW\] endTime .* is not after startTime/,
    });
    const filterOnly = await h.call("message_trace", { subjectFilter: "startsWith" });
    expect(filterOnly).toBeToolResult({
      isError: true,
      text: /\[INVALID_ARGUMENTS\] subjectFilter needs subject/,
    });
    const status = await h.call("message_trace", { status: "Bounced" });
    expect(status).toBeToolResult({
      isError: true,
      text: /\[INVALID_STATUS\].*\nHint: Use one of: Delivered/s,
    });
    const typed = await h.call("message_trace", { $top: "many" });
    expect(typed).toBeToolResult({ isError: true });
    expect(await h.call("list_subscriptions")).toBeToolResult();
  });
});

describe("message_trace on the legacy Reporting Web Service", () => {
  it("falls back when Graph's service principal is missing, and says why", async () => {
    const h = await startHarness({ emulator: { graphServicePrincipalProvisioned: false } });
    try {
      const r = await h.call("message_trace", { senderAddress: h.emu.incident.attackerSender });
      expect(r).toBeToolResult({
        text: /from the legacy Reporting Web Service\.\nFallback: Graph/,
        structured: { backend: "reporting", fallbackReason: expect.stringMatching(/401/) },
      });
      const delivered = out(r)
        .rows.filter((x) => x.status === "Delivered")
        .map((x) => x.recipientAddress);
      expect(delivered.sort()).toEqual([...h.emu.incident.deliveredRecipients].sort());
    } finally {
      await h.close();
    }
  });

  it("pages the legacy service with limit and cursor without silently cutting the result", async () => {
    const h = await startHarness({ emulator: { graphServicePrincipalProvisioned: false } });
    try {
      const t = Date.parse(h.emu.incident.phishReceived);
      const args = {
        senderAddress: h.emu.incident.attackerSender,
        startTime: new Date(t - 2 * HOUR).toISOString(),
        endTime: new Date(t + 2 * HOUR).toISOString(),
      };
      const whole = out(await h.call("message_trace", args));
      expect(whole.backend).toBe("reporting");
      const seen: string[] = [];
      let cursor: string | undefined;
      let calls = 0;
      do {
        const page = out(await h.call("message_trace", { ...args, limit: 2, ...(cursor ? { cursor } : {}) }));
        seen.push(...page.rows.map((x) => x.recipientAddress));
        cursor = page.nextCursor;
        calls++;
      } while (cursor && calls < 30);
      expect(seen).toEqual(whole.rows.map((x) => x.recipientAddress));
      expect(seen.length).toBeGreaterThan(2);
    } finally {
      await h.close();
    }
  });

  it("reports progress per page while it reads several legacy pages for a subject filter", async () => {
    const h = await startHarness({ emulator: { graphServicePrincipalProvisioned: false } });
    try {
      const end = Date.parse(h.emu.incident.phishReceived) + 2 * HOUR;
      const progress: { progress: number; message?: string }[] = [];
      const r = await h.client.callTool(
        {
          name: "message_trace",
          arguments: {
            subject: h.emu.incident.phishSubject,
            subjectFilter: "contains",
            backend: "reporting",
            startTime: new Date(end - 7 * 24 * HOUR).toISOString(),
            endTime: new Date(end).toISOString(),
          },
        },
        { onprogress: (p) => progress.push(p) },
      );
      expect(r).toBeToolResult();
      const { rows } = out(r);
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.subject).toContain(h.emu.incident.phishSubject);
      // The emulator's legacy pages hold 2,000 rows; a week of this tenant spans more than one.
      expect(progress.length).toBeGreaterThan(0);
      expect(progress[0].message).toMatch(/page 1/);
      for (let i = 1; i < progress.length; i++)
        expect(progress[i].progress).toBeGreaterThan(progress[i - 1].progress);
    } finally {
      await h.close();
    }
  });

  it("passes the seed's raw OData options through and keeps $select extras", async () => {
    const h = await startHarness();
    try {
      const t = Date.parse(h.emu.incident.phishReceived);
      const day = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;
      const r = await h.call("message_trace", {
        $filter: `SenderAddress eq '${h.emu.incident.attackerSender}' and StartDate eq datetime'${day(t - HOUR)}' and EndDate eq datetime'${day(t + HOUR)}'`,
        $select: "Received,RecipientAddress,Status,Organization",
      });
      expect(r).toBeToolResult({ structured: { backend: "reporting" } });
      const { rows } = out(r);
      expect(rows.length).toBe(
        h.emu.incident.deliveredRecipients.length +
          h.emu.incident.quarantinedRecipients.length +
          h.emu.incident.spamFilteredRecipients.length,
      );
      expect(rows[0].extra?.Organization).toBeTruthy();
      expect(h.emu.control.requests().some((q) => q.route === "graph")).toBe(false);
    } finally {
      await h.close();
    }
  });
});
