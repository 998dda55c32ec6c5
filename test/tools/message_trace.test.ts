import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../helpers/harness.js";

type Row = {
  received: string;
  senderAddress: string;
  recipientAddress: string;
  subject: string | null;
  status: string;
  messageTraceId: string;
};
type Out = { rows: Row[]; backend: string; fallbackReason?: string; nextCursor?: string; truncated?: string };

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
    expect(r.isError, h.text(r)).toBeFalsy();
    const out = r.structuredContent as Out;
    expect(out.backend).toBe("graph");
    const byStatus = (s: string) =>
      out.rows
        .filter((x) => x.status === s)
        .map((x) => x.recipientAddress)
        .sort();
    expect(byStatus("Delivered")).toEqual([...h.emu.incident.deliveredRecipients].sort());
    expect(byStatus("Quarantined")).toEqual([...h.emu.incident.quarantinedRecipients].sort());
    expect(out.rows.every((x) => x.senderAddress === h.emu.incident.attackerSender)).toBe(true);
    expect(h.text(r)).toMatch(/^\d+ message trace rows \(.*Delivered.*\) from Microsoft Graph\./);
  });

  it("filters by subject with startsWith", async () => {
    const prefix = h.emu.incident.phishSubject.slice(0, 8);
    const r = await h.call("message_trace", { subject: prefix, subjectFilter: "startsWith", ...window });
    const out = r.structuredContent as Out;
    expect(out.rows.length).toBeGreaterThan(0);
    expect(out.rows.every((x) => x.subject?.startsWith(prefix))).toBe(true);
  });

  it("pages with limit and cursor without losing or repeating rows", async () => {
    const args = { senderAddress: h.emu.incident.attackerSender, ...window };
    const whole = (await h.call("message_trace", args)).structuredContent as Out;
    expect(whole.rows.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let cursor: string | undefined;
    let calls = 0;
    do {
      const out = (await h.call("message_trace", { ...args, limit: 2, ...(cursor ? { cursor } : {}) }))
        .structuredContent as Out;
      seen.push(...out.rows.map((x) => `${x.messageTraceId}/${x.recipientAddress}`));
      cursor = out.nextCursor;
      calls++;
    } while (cursor && calls < 30);
    expect(seen).toEqual(whole.rows.map((x) => `${x.messageTraceId}/${x.recipientAddress}`));
  });

  it("refuses a cursor used with different filters", async () => {
    const first = (
      await h.call("message_trace", { senderAddress: h.emu.incident.attackerSender, ...window, limit: 1 })
    ).structuredContent as Out;
    const r = await h.call("message_trace", {
      senderAddress: "someone@else.example",
      ...window,
      cursor: first.nextCursor,
    });
    expect(r.isError).toBe(true);
    expect(h.text(r)).toMatch(/\[INVALID_CURSOR\] The cursor belongs to a different message_trace query/);
  });

  it("refuses raw OData mixed with structured filters, saying they are exclusive", async () => {
    const r = await h.call("message_trace", {
      senderAddress: "a@b.example",
      $filter: "SenderAddress eq 'a@b.example'",
    });
    expect(r.isError).toBe(true);
    expect(h.text(r)).toMatch(/cannot be combined with structured filters/);
  });

  it("refuses raw OData with backend graph", async () => {
    const r = await h.call("message_trace", { $top: 5, backend: "graph" });
    expect(r.isError).toBe(true);
    expect(h.text(r)).toMatch(/legacy reporting backend/);
  });

  it("refuses a malformed messageTraceId, an end before the start and an unknown status", async () => {
    const guid = await h.call("message_trace", { messageTraceId: "not-a-guid" });
    expect(h.text(guid)).toMatch(/\[INVALID_GUID\] messageTraceId "not-a-guid" is not a GUID/);
    const order = await h.call("message_trace", {
      startTime: "2026-11-26T10:00:00Z",
      endTime: "2026-11-25T10:00:00Z",
    });
    expect(h.text(order)).toMatch(/\[INVALID_WINDOW\] endTime .* is not after startTime/);
    const filterOnly = await h.call("message_trace", { subjectFilter: "startsWith" });
    expect(h.text(filterOnly)).toMatch(/\[INVALID_ARGUMENTS\] subjectFilter needs subject/);
    const status = await h.call("message_trace", { status: "Bounced" });
    expect(h.text(status)).toMatch(/\[INVALID_STATUS\].*\nHint: Use one of: Delivered/s);
    const typed = await h.call("message_trace", { $top: "many" });
    expect(typed.isError).toBe(true);
    expect((await h.call("list_subscriptions")).isError).toBeFalsy();
  });
});

describe("message_trace on the legacy Reporting Web Service", () => {
  it("falls back when Graph's service principal is missing, and says why", async () => {
    const h = await startHarness({ emulator: { graphServicePrincipalProvisioned: false } });
    try {
      const r = await h.call("message_trace", { senderAddress: h.emu.incident.attackerSender });
      expect(r.isError, h.text(r)).toBeFalsy();
      const out = r.structuredContent as Out;
      expect(out.backend).toBe("reporting");
      expect(out.fallbackReason).toMatch(/401/);
      expect(h.text(r)).toMatch(/from the legacy Reporting Web Service\.\nFallback: Graph/);
      const delivered = out.rows.filter((x) => x.status === "Delivered").map((x) => x.recipientAddress);
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
      const whole = (await h.call("message_trace", args)).structuredContent as Out;
      expect(whole.backend).toBe("reporting");
      const seen: string[] = [];
      let cursor: string | undefined;
      let calls = 0;
      do {
        const out = (await h.call("message_trace", { ...args, limit: 2, ...(cursor ? { cursor } : {}) }))
          .structuredContent as Out;
        seen.push(...out.rows.map((x) => x.recipientAddress));
        cursor = out.nextCursor;
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
      expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
      const out = r.structuredContent as Out;
      expect(out.rows.length).toBeGreaterThan(0);
      for (const row of out.rows) expect(row.subject).toContain(h.emu.incident.phishSubject);
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
      expect(r.isError, h.text(r)).toBeFalsy();
      const out = r.structuredContent as {
        rows: (Row & { extra?: Record<string, unknown> })[];
        backend: string;
      };
      expect(out.backend).toBe("reporting");
      expect(out.rows.length).toBe(
        h.emu.incident.deliveredRecipients.length +
          h.emu.incident.quarantinedRecipients.length +
          h.emu.incident.spamFilteredRecipients.length,
      );
      expect(out.rows[0].extra?.Organization).toBeTruthy();
      expect(h.emu.control.requests().some((q) => q.route === "graph")).toBe(false);
    } finally {
      await h.close();
    }
  });
});
