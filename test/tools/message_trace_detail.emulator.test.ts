// message_trace_detail against the emulator: Graph, forced legacy, and the fallback when Graph has no
// service principal.
import { afterEach, describe, expect, it } from "vitest";
import type { ToolOutput } from "../../src/mcp/tool-definition.js";
import type { messageTrace } from "../../tools/message_trace.js";
import type { messageTraceDetailTool } from "../../tools/message_trace_detail.js";
import type { HarnessOptions } from "../helpers/harness.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";

type Row = ToolOutput<typeof messageTrace>["rows"][number];

const harnesses: Harness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.close();
});

async function phishRows(opts: HarnessOptions = {}) {
  const h = await startHarness(opts);
  harnesses.push(h);
  const trace = await h.call("message_trace", { senderAddress: h.emu.incident.attackerSender });
  expect(trace).toBeToolResult();
  const { rows } = outputOf<typeof messageTrace>(trace);
  const row = (address: string) =>
    rows.find((r) => r.recipientAddress.toLowerCase() === address.toLowerCase())!;
  const detail = async (r: Row, extra: Record<string, unknown> = {}) => {
    const result = await h.call("message_trace_detail", {
      messageTraceId: r.messageTraceId,
      recipientAddress: r.recipientAddress,
      ...extra,
    });
    expect(result).toBeToolResult();
    return { out: outputOf<typeof messageTraceDetailTool>(result), text: h.text(result) };
  };
  return { h, row, detail };
}

describe("message_trace_detail (emulator)", () => {
  it("gives delivered, junk and quarantine verdicts with the decoded spam verdict", async () => {
    const { h, row, detail } = await phishRows();
    const { incident } = h.emu;
    const delivered = await detail(row(incident.compromisedUser));
    expect(delivered.out.backend).toBe("graph");
    expect(delivered.out.verdict).toMatch(/^Delivered to Inbox at /);

    const junk = await detail(row(incident.spamFilteredRecipients[0]));
    expect(junk.out.verdict).toMatch(/^Delivered to Junk Email at .*\(SCL 6\)/);

    const quarantined = await detail(row(incident.quarantinedRecipients[0]));
    expect(quarantined.out.verdict).toMatch(/^Quarantined at .*\(SCL 9\)/);
    expect(quarantined.out.events.some((e) => e.data?.SCL === "9")).toBe(true);
    expect(quarantined.text).toContain("SCL=9");
  });

  it("gives the same timeline from the legacy service when forced", async () => {
    const { h, row, detail } = await phishRows();
    const r = row(h.emu.incident.compromisedUser);
    const graph = await detail(r);
    const legacy = await detail(r, { backend: "reporting" });
    expect(legacy.out.backend).toBe("reporting");
    expect(legacy.out.events.map((e) => e.event.toUpperCase())).toEqual(
      graph.out.events.map((e) => e.event.toUpperCase()),
    );
    expect(legacy.out.verdict).toBe(graph.out.verdict);
  });

  it("falls back to the legacy service, saying why, when Graph has no service principal", async () => {
    const { h, row, detail } = await phishRows({ emulator: { graphServicePrincipalProvisioned: false } });
    const { out } = await detail(row(h.emu.incident.compromisedUser));
    expect(out.backend).toBe("reporting");
    expect(out.fallbackReason).toBeTruthy();
    expect(out.verdict).toMatch(/^Delivered to Inbox/);
  });

  it("answers 'not found' for a trace id the tenant does not have, without falling back to the legacy service", async () => {
    const h = await startHarness();
    harnesses.push(h);
    h.emu.control.clearRequests();
    const result = await h.call("message_trace_detail", {
      messageTraceId: "00000000-1111-2222-3333-444444444444",
      recipientAddress: h.emu.incident.compromisedUser,
    });
    // Graph's 404 on getDetailsByRecipient is an answer about the id, not a refusal (o365-api.md 3.2).
    expect(result).toBeToolResult({
      isError: true,
      text: [
        /\[TRACE_NOT_FOUND\] \(HTTP 404\) Graph has no message trace 00000000-1111-2222-3333-444444444444/,
        /Hint: Take messageTraceId and recipientAddress from a message_trace row/,
      ],
    });
    expect(h.text(result)).not.toMatch(/cloud|service principal|legacy/i);
    expect(h.emu.control.requests().map((q) => q.route)).not.toContain("reporting");
  });
});
