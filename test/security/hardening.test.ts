// Hardening (attack pass): cursors cannot be forged or edited, windows are checked before anything is
// planned, the message-trace budget says how long it would wait, and a paging link is fetched with the
// token of the API that returned it, also when several APIs share one gateway host. Through a real MCP
// client against the emulator; each test asserts what the user sees and what reached each listener.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import type { listAvailableContent } from "../../tools/list_available_content.js";
import type { messageTrace } from "../../tools/message_trace.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { type SharedGateway, startSharedGateway } from "../helpers/shared-gateway.js";
import { outputOf } from "../helpers/tool-output.js";

const NOT_ISSUED = /not issued by this server or has expired: repeat the call without cursor/;
const KEY = "a-deployment-wide-cursor-key-0123456789";
let emu: EmulatorHandle;
let h: Harness;

/** The cursor's state, edited, with its MAC kept (the last 22 characters). */
function edit(cursor: string, change: (state: Record<string, unknown>) => void): string {
  const [payload, mac] = [cursor.slice(0, -22), cursor.slice(-22)];
  const envelope = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
    s: Record<string, unknown>;
  };
  change(envelope.s);
  return `${Buffer.from(JSON.stringify(envelope)).toString("base64url")}${mac}`;
}

const apiRequests = () => emu.control.requests().filter((r) => r.route !== "token");

beforeAll(async () => {
  emu = await startEmulator({ quiet: true });
  h = await startHarness({ emu, config: { maxRetries: 0 } });
});
afterAll(async () => {
  await h?.close();
  await emu?.close();
});

describe("cursors cannot be forged", () => {
  it("an edited message_trace cursor pointing at a mailbox is refused, with no request made", async () => {
    const args = { backend: "graph", limit: 1 };
    const first = await h.call("message_trace", args);
    const cursor = outputOf<typeof messageTrace>(first).nextCursor;
    expect(cursor, h.text(first)).toBeTruthy();
    const mailbox = `${emu.graphUrl}/v1.0/users/alex@contoso.example/messages`;
    emu.control.clearRequests();
    const r = await h.call("message_trace", {
      ...args,
      cursor: edit(cursor as string, (s) => (s.p = mailbox)),
    });
    expect(r).toBeToolResult({ isError: true, text: [/INVALID_CURSOR/, NOT_ISSUED] });
    expect(apiRequests()).toEqual([]);
  });

  it("a hand-made cursor spanning 100,000 years and a cursor for other arguments are refused at once", async () => {
    const state = { s: "2026-12-01T00:00:00.000Z", e: "+100000-01-01T00:00:00.000Z", w: 0, k: 0 };
    const handMade = Buffer.from(
      JSON.stringify({ v: 2, k: "list_available_content", t: Date.now(), s: state }),
    )
      .toString("base64url")
      .concat("A".repeat(22));
    emu.control.clearRequests();
    const started = Date.now();
    const r = await h.call("list_available_content", { contentType: "Audit.Exchange", cursor: handMade });
    expect(r).toBeToolResult({ isError: true, text: NOT_ISSUED });
    expect(Date.now() - started).toBeLessThan(2000);

    const first = await h.call("list_available_content", { contentType: "Audit.Exchange", limit: 1 });
    const cursor = outputOf<typeof listAvailableContent>(first).nextCursor as string;
    expect(cursor).toBeTruthy();
    emu.control.clearRequests();
    const other = await h.call("list_available_content", {
      contentType: "Audit.SharePoint",
      limit: 1,
      cursor,
    });
    expect(other).toBeToolResult({ isError: true, text: /INVALID_CURSOR/ });
    expect(apiRequests()).toEqual([]);
  });

  it("--stateless replicas sharing O365_CURSOR_KEY accept each other's cursors; another key's are refused", async () => {
    const a = await startHarness({ emu, config: { cursorKey: KEY, maxRetries: 0 } });
    const b = await startHarness({ emu, config: { cursorKey: KEY, maxRetries: 0 } });
    const c = await startHarness({ emu, config: { cursorKey: `${KEY}-other`, maxRetries: 0 } });
    try {
      const args = { contentType: "Audit.Exchange", limit: 1 };
      const cursor = outputOf<typeof listAvailableContent>(
        await a.call("list_available_content", args),
      ).nextCursor;
      expect(cursor).toBeTruthy();
      expect(await b.call("list_available_content", { ...args, cursor })).toBeToolResult({ isError: false });
      expect(await c.call("list_available_content", { ...args, cursor })).toBeToolResult({
        isError: true,
        text: NOT_ISSUED,
      });
      const config = await a.client.readResource({ uri: "o365://config" });
      expect(JSON.stringify(config)).not.toContain(KEY);
    } finally {
      for (const x of [a, b, c]) await x.close();
    }
  });
});

describe("windows are checked before planning", () => {
  it("endTime 9999-12-31 is a clear error at once, with no listing request", async () => {
    emu.control.clearRequests();
    const started = Date.now();
    const r = await h.call("list_available_content", {
      contentType: "Audit.Exchange",
      startTime: new Date(Date.now() - 3_600_000).toISOString(),
      endTime: "9999-12-31",
    });
    expect(r).toBeToolResult({ isError: true, text: [/WINDOW_TOO_LONG/, /7 days/, /Hint: /] });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(apiRequests()).toEqual([]);
  });
});

describe("the message-trace budget", () => {
  it("a call that would wait minutes for the budget says how long, at once, without sending", async () => {
    const tight = await startHarness({ emu, config: { messageTracePer5Min: 2, maxRetries: 0 } });
    try {
      for (let i = 0; i < 2; i++) {
        expect(await tight.call("message_trace", { backend: "graph", limit: 1 })).toBeToolResult({
          isError: false,
        });
      }
      emu.control.clearRequests();
      const started = Date.now();
      const r = await tight.call("message_trace", { backend: "graph", limit: 1 });
      expect(r).toBeToolResult({
        isError: true,
        text: [
          /RATE_BUDGET_SPENT/,
          /2 requests per 5 minutes shared by Graph and the legacy service/,
          /in (2\d\d|300)s/,
        ],
      });
      expect(Date.now() - started).toBeLessThan(3000);
      expect(emu.control.requests().filter((q) => q.route === "graph")).toEqual([]);
    } finally {
      await tight.close();
    }
  });
});

describe("a token goes with its API, not with a host", () => {
  let gateway: SharedGateway;
  let g: Harness;
  beforeAll(async () => {
    gateway = await startSharedGateway(emu, 2);
    g = await startHarness({
      emu,
      config: {
        cloud: "custom",
        graphUrl: gateway.origin,
        reportingUrl: gateway.origin,
        scopes: {
          management: [`${emu.managementUrl}/.default`],
          graph: [`${emu.graphUrl}/.default`],
          reporting: [`${emu.reportingUrl}/.default`],
        },
        maxRetries: 0,
      },
    });
  });
  afterAll(async () => {
    await g?.close();
    await gateway?.close();
  });

  it("legacy next pages behind a shared Graph/Reporting host are fetched with the reporting token", async () => {
    const args = { backend: "reporting", limit: 5 };
    const first = await g.call("message_trace", args);
    expect(first).toBeToolResult({ isError: false });
    const out = outputOf<typeof messageTrace>(first);
    expect(out.backend).toBe("reporting");
    expect(out.rows).toHaveLength(5);
    // Three legacy pages of two rows crossed the gateway, every one to the reporting service.
    expect(gateway.seen.filter((s) => s.service === "reporting").length).toBeGreaterThanOrEqual(3);
    expect(gateway.seen.filter((s) => s.service === "graph")).toEqual([]);
    const next = await g.call("message_trace", { ...args, cursor: out.nextCursor });
    expect(next).toBeToolResult({ isError: false });
    expect(outputOf<typeof messageTrace>(next).rows.length).toBeGreaterThan(0);
    expect(g.text(next)).not.toMatch(/Graph/);
  });
});
