// The message-trace client against the emulator over real HTTPS, through the real HttpClient:
// Graph paging and detail, the auto fallback to the legacy service, and the combined failure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerDeps } from "../../src/deps.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import { caught } from "../helpers/caught.js";
import { emulatorDeps } from "../helpers/emulator-config.js";

async function withTenant(
  options: Parameters<typeof startEmulator>[0],
  run: (emu: EmulatorHandle, deps: ServerDeps) => Promise<void>,
): Promise<void> {
  const emu = await startEmulator({ quiet: true, ...options });
  const deps = await emulatorDeps(emu);
  try {
    await run(emu, deps);
  } finally {
    await deps.close();
    await emu.close();
  }
}

describe("Graph message trace against the emulator", () => {
  let emu: EmulatorHandle;
  let deps: ServerDeps;
  beforeAll(async () => {
    emu = await startEmulator({ quiet: true });
    deps = await emulatorDeps(emu);
  });
  afterAll(async () => {
    await deps?.close();
    await emu?.close();
  });

  it("finds the phishing wave by sender with PascalCase statuses", async () => {
    const page = await deps.messageTrace.trace({ query: { senderAddress: emu.incident.attackerSender } });
    expect(page.backend).toBe("graph");
    expect(page.fallbackReason).toBeUndefined();
    const phish = page.rows.filter((r) => r.messageId === emu.incident.phishMessageId);
    const byStatus = (s: string) =>
      phish
        .filter((r) => r.status === s)
        .map((r) => r.recipientAddress.toLowerCase())
        .sort();
    const lower = (xs: string[]) => xs.map((x) => x.toLowerCase()).sort();
    expect(byStatus("Delivered")).toEqual(lower(emu.incident.deliveredRecipients));
    expect(byStatus("Quarantined")).toEqual(lower(emu.incident.quarantinedRecipients));
    expect(byStatus("FilteredAsSpam")).toEqual(lower(emu.incident.spamFilteredRecipients));
  });

  it("pages with @odata.nextLink and the rows do not repeat", async () => {
    const first = await deps.messageTrace.trace({ query: { top: 3 } });
    expect(first.rows).toHaveLength(3);
    expect(first.nextPageUri).toBeDefined();
    const second = await deps.messageTrace.trace({ nextPageUri: first.nextPageUri });
    expect(second.backend).toBe("graph");
    const key = (r: { messageTraceId: string; recipientAddress: string }) =>
      `${r.messageTraceId}|${r.recipientAddress}`;
    const firstKeys = new Set(first.rows.map(key));
    expect(second.rows.length).toBeGreaterThan(0);
    for (const r of second.rows) expect(firstKeys.has(key(r))).toBe(false);
  });

  it("filters by subject with startsWith and by status", async () => {
    const page = await deps.messageTrace.trace({
      query: {
        subject: emu.incident.phishSubject.slice(0, 10),
        subjectFilter: "startsWith",
        status: "quarantined",
      },
    });
    expect(page.rows.map((r) => r.recipientAddress.toLowerCase()).sort()).toEqual(
      emu.incident.quarantinedRecipients.map((x) => x.toLowerCase()).sort(),
    );
  });

  it("returns the detail timeline of one delivered recipient in time order", async () => {
    const page = await deps.messageTrace.trace({ query: { messageId: emu.incident.phishMessageId } });
    const row = page.rows.find((r) => r.status === "Delivered");
    expect(row).toBeDefined();
    const detail = await deps.messageTrace.detail({
      messageTraceId: row!.messageTraceId,
      recipientAddress: row!.recipientAddress,
    });
    expect(detail.backend).toBe("graph");
    expect(detail.events.length).toBeGreaterThan(0);
    const times = detail.events.map((e) => Date.parse(e.date));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it("refuses a malformed messageTraceId before any request", async () => {
    emu.control.clearRequests();
    const err = await caught(
      deps.messageTrace.detail({ messageTraceId: "1234' or 1 eq 1", recipientAddress: "a@b.c" }),
    );
    expect(err.code).toBe("INVALID_GUID");
    expect(emu.control.requests().filter((r) => r.route === "graph")).toHaveLength(0);
  });
});

describe("auto backend against the emulator", () => {
  it("falls back to the legacy service when Graph answers 401 (no service principal)", async () => {
    await withTenant({ graphServicePrincipalProvisioned: false }, async (emu, deps) => {
      const page = await deps.messageTrace.trace({ query: { senderAddress: emu.incident.attackerSender } });
      expect(page.backend).toBe("reporting");
      expect(page.fallbackReason).toMatch(/401/);
      expect(page.rows.some((r) => r.messageId === emu.incident.phishMessageId)).toBe(true);
      const sent = emu.control.requests().filter((r) => r.route === "reporting");
      expect(sent[0].headers["x-rws-version"]).toBe("2013-V1");
      // FromIP as an eq clause and subject filtered on our side both work on the legacy service.
      const phish = page.rows.find((r) => r.messageId === emu.incident.phishMessageId)!;
      const narrowed = await deps.messageTrace.trace({
        query: {
          fromIP: phish.fromIP!,
          subject: emu.incident.phishSubject.slice(-8),
          subjectFilter: "endsWith",
        },
      });
      expect(narrowed.rows.length).toBeGreaterThan(0);
      expect(
        narrowed.rows.every((r) => r.fromIP === phish.fromIP && r.subject === emu.incident.phishSubject),
      ).toBe(true);
    });
  });

  it("follows d.__next on the legacy service across server pages", async () => {
    await withTenant({}, async (_emu, deps) => {
      // About 400 rows a day: 7.5 days span more than one server page; $top would cap the result instead.
      const startTime = new Date(Date.now() - 7.5 * 86_400_000).toISOString();
      const first = await deps.messageTrace.trace({ backend: "reporting", query: { startTime } });
      expect(first.rows.length).toBeGreaterThan(0);
      expect(first.nextPageUri).toBeDefined();
      const second = await deps.messageTrace.trace({ nextPageUri: first.nextPageUri });
      expect(second.backend).toBe("reporting");
      expect(second.rows.length).toBeGreaterThan(0);
      const key = (r: { messageTraceId: string; recipientAddress: string }) =>
        `${r.messageTraceId}|${r.recipientAddress}`;
      const firstKeys = new Set(first.rows.map(key));
      for (const r of second.rows) expect(firstKeys.has(key(r))).toBe(false);
      expect(second.rows[0]).not.toHaveProperty("extra.StartDate");
    });
  });

  it("reads the legacy detail timeline with Data decoded", async () => {
    await withTenant({}, async (emu, deps) => {
      const page = await deps.messageTrace.trace({
        backend: "reporting",
        query: { messageId: emu.incident.phishMessageId },
      });
      const row = page.rows.find((r) => r.status === "Delivered");
      expect(row).toBeDefined();
      const detail = await deps.messageTrace.detail({
        backend: "reporting",
        messageTraceId: row!.messageTraceId,
        recipientAddress: row!.recipientAddress,
      });
      expect(detail.events.length).toBeGreaterThan(0);
      const times = detail.events.map((e) => Date.parse(e.date));
      expect(times.every((t) => !Number.isNaN(t))).toBe(true);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
      expect(detail.events.some((e) => e.data?.DeliveryFolder === "Inbox")).toBe(true);
    });
  });

  it("combines Graph 401 and a retired legacy service into one error with the Graph fix", async () => {
    await withTenant(
      { graphServicePrincipalProvisioned: false, legacyReportingAvailable: false },
      async (_emu, deps) => {
        const err = await caught(deps.messageTrace.trace({ query: {} }));
        expect(err.code).toBe("MESSAGE_TRACE_UNAVAILABLE");
        expect(err.message).toMatch(/Graph: HTTP 401/);
        expect(err.message).toMatch(/Legacy Reporting Web Service: /);
        expect(err.hint).toContain("8bd644d1-64a1-4d4b-ae52-2e0cbf64e373");
      },
    );
  });
});
