// Graph message trace as it is today (o365-api.md 2.9, 3.2), through a real MCP client: the recalled
// status, a clock-skew margin on the window, and an empty legacy answer after a Graph refusal reported as
// inconclusive rather than "no messages".
import { afterEach, describe, expect, it } from "vitest";
import type { messageTrace } from "../../tools/message_trace.js";
import type { messageTraceDetailTool } from "../../tools/message_trace_detail.js";
import { type Harness, type HarnessOptions, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";

const DAY = 86_400_000;
const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});
async function harness(opts: HarnessOptions = {}): Promise<Harness> {
  const h = await startHarness(opts);
  harnesses.push(h);
  return h;
}
const graphRequests = (h: Harness) => h.emu.control.requests().filter((q) => q.route === "graph");

describe("the recalled status", () => {
  it("is accepted in the filter and shown, because the client asks Graph for newer enum members", async () => {
    const h = await harness();
    h.emu.control.clearRequests();
    const r = await h.call("message_trace", { status: "recalled" });
    expect(r).toBeToolResult({ text: /^1 message trace rows \(1 Recalled\) from Microsoft Graph\./ });
    const rows = outputOf<typeof messageTrace>(r).rows;
    expect(rows.map((x) => [x.status, x.subject])).toEqual([
      ["Recalled", "Salary review draft (sent by mistake)"],
    ]);
    const sent = graphRequests(h);
    expect(sent[0].headers.prefer).toBe("include-unknown-enum-members");
    expect(sent[0].query.$filter).toContain("status eq 'recalled'");
  });

  it("shows as Recalled in an unfiltered listing, and its detail timeline ends with the recall", async () => {
    const h = await harness();
    // Every page of the unfiltered listing (the output budget decides how many rows a page holds).
    const rows: ReturnType<typeof outputOf<typeof messageTrace>>["rows"] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const out = outputOf<typeof messageTrace>(
        await h.call("message_trace", cursor ? { cursor } : { limit: 1000 }),
      );
      rows.push(...out.rows);
      cursor = out.nextCursor;
      if (!cursor) break;
    }
    const recalled = rows.find((x) => x.status === "Recalled");
    expect(recalled).toBeDefined();
    // Asked with the Prefer header, the recall is never hidden behind unknownFutureValue (Graph's
    // name for statuses it has no member for, such as legacy None, stays as it is).
    const sameMessage = rows.filter((x) => x.messageTraceId === recalled?.messageTraceId);
    expect(sameMessage.map((x) => x.status)).toEqual(sameMessage.map(() => "Recalled"));
    const detail = await h.call("message_trace_detail", {
      messageTraceId: recalled?.messageTraceId,
      recipientAddress: recalled?.recipientAddress,
    });
    expect(detail).toBeToolResult();
    expect(outputOf<typeof messageTraceDetailTool>(detail).events.at(-1)?.event).toBe("Recall");
  });

  it("is refused on the legacy backend, which has no such status", async () => {
    const h = await harness();
    const r = await h.call("message_trace", { status: "Recalled", backend: "reporting" });
    expect(r).toBeToolResult({
      isError: true,
      text: [/\[INVALID_STATUS\] The legacy Reporting Web Service has no "Recalled" status/, /Graph backend/],
    });
  });
});

describe("the window against Graph's now and 90-day edge", () => {
  it("keeps a clock-skew margin from now and from 90 days back, so Graph does not refuse an edge", async () => {
    const h = await harness();
    h.emu.control.clearRequests();
    const now = Date.now();
    const r = await h.call("message_trace", {
      // Inside the lookback by 30 s: Graph's own clock could already see it as beyond 90 days.
      startTime: new Date(now - 90 * DAY + 30_000).toISOString(),
      endTime: new Date(now - 80 * DAY - 60_000).toISOString(),
      backend: "graph",
    });
    expect(r).toBeToolResult();
    const filter = String(graphRequests(h)[0].query.$filter);
    const start = Date.parse(/receivedDateTime ge (\S+)/.exec(filter)?.[1] ?? "");
    expect(start - (now - 90 * DAY)).toBeGreaterThanOrEqual(119_000);
    expect(start - (now - 90 * DAY)).toBeLessThan(10 * 60_000);

    h.emu.control.clearRequests();
    expect(await h.call("message_trace", { endTime: new Date(now + 60_000).toISOString() })).toBeToolResult();
    const end = Date.parse(
      /receivedDateTime le (\S+)/.exec(String(graphRequests(h)[0].query.$filter))?.[1] ?? "",
    );
    expect(Date.now() - end).toBeGreaterThanOrEqual(119_000);
  });

  it("still refuses a start beyond 90 days with a clear error", async () => {
    const h = await harness();
    const r = await h.call("message_trace", {
      startTime: new Date(Date.now() - 91 * DAY).toISOString(),
      endTime: new Date(Date.now() - 85 * DAY).toISOString(),
      backend: "graph",
    });
    expect(r).toBeToolResult({
      isError: true,
      text: /\[WINDOW_TOO_OLD\] startTime .* more than 90 days ago/,
    });
  });
});

describe("after a Graph refusal", () => {
  it("an empty legacy result is inconclusive, not 'no messages'", async () => {
    const h = await harness({ emulator: { graphServicePrincipalProvisioned: false } });
    const r = await h.call("message_trace", { senderAddress: "nobody@nowhere.example" });
    expect(r).toBeToolResult({
      text: [
        /^0 message trace rows from the legacy Reporting Web Service\./,
        /Fallback: Graph message trace refused the request \(HTTP 401/,
        /It found nothing, which is inconclusive, not proof of no messages: the legacy service is being retired/,
        "No messages from the legacy service: inconclusive, see the fallback note.",
      ],
    });
    expect(h.text(r)).not.toContain("No messages matched.");
  });

  it("a non-empty legacy result is reported as it is", async () => {
    const h = await harness({ emulator: { graphServicePrincipalProvisioned: false } });
    const r = await h.call("message_trace", { limit: 5 });
    expect(r).toBeToolResult();
    expect(outputOf<typeof messageTrace>(r).fallbackReason).not.toMatch(/inconclusive/);
  });

  it("an empty legacy detail is an inconclusive verdict", async () => {
    const h = await harness({ emulator: { graphServicePrincipalProvisioned: false } });
    const r = await h.call("message_trace_detail", {
      messageTraceId: "00000000-1111-2222-3333-444444444444",
      recipientAddress: h.emu.incident.compromisedUser,
    });
    expect(r).toBeToolResult({
      structured: {
        backend: "reporting",
        verdict:
          "Inconclusive: Graph refused and the legacy service, which is being retired, returned no events.",
      },
    });
  });
});
