// Valid arguments for every tool, read from a healthy emulator tenant (a real contentId, a real message trace
// row), so a test can drive each tool down its success path and then reuse the same arguments elsewhere.

import type { listAvailableContent } from "../../tools/list_available_content.js";
import type { messageTrace } from "../../tools/message_trace.js";
import type { Harness } from "./harness.js";
import { outputOf } from "./tool-output.js";

export type ToolArguments = Record<string, Record<string, unknown>>;

export async function validToolArguments(h: Harness): Promise<ToolArguments> {
  const { incident } = h.emu;
  const listed = await h.call("list_available_content", { contentType: "Audit.Exchange" });
  const blobs = listed.isError ? [] : outputOf<typeof listAvailableContent>(listed).blobs;
  if (blobs.length === 0) throw new Error(`no blobs listed: ${h.text(listed)}`);
  const trace = await h.call("message_trace", { senderAddress: incident.attackerSender });
  const rows = trace.isError ? [] : outputOf<typeof messageTrace>(trace).rows;
  const row = rows.find((r) => r.recipientAddress.toLowerCase() === incident.compromisedUser.toLowerCase());
  if (!row) throw new Error(`no trace row: ${h.text(trace)}`);
  const around = (iso: string, hours: number) => new Date(Date.parse(iso) + hours * 3_600_000).toISOString();
  return {
    list_subscriptions: { refresh: true },
    start_subscription: { contentType: "Audit.General" },
    stop_subscription: { contentType: "DLP.All", confirm: true },
    list_available_content: { contentType: "Audit.Exchange" },
    retrieve_content: { contentId: blobs[0].contentId },
    search_audit_log: {
      users: [incident.compromisedUser],
      startTime: around(incident.foreignSignIn, -2),
      endTime: around(incident.mailItemsAccessed, 2),
      groupBy: ["Operation"],
    },
    find_suspicious_activity: {
      users: [incident.compromisedUser],
      startTime: around(incident.foreignSignIn, -2),
      endTime: around(incident.fileDownloaded, 2),
    },
    message_trace: { senderAddress: incident.attackerSender },
    message_trace_detail: { messageTraceId: row.messageTraceId, recipientAddress: row.recipientAddress },
    list_notifications: { contentType: "Audit.Exchange" },
    diagnose: {},
    build_timeline: { ip: incident.attackerIp, startTime: around(incident.foreignSignIn, -2) },
  };
}
