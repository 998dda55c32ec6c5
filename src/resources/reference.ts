// Static references the model can read instead of guessing: content types (o365-api.md 1.3), audit
// RecordType numbers (1.9), what ResultStatus means (1.9) and message-trace status values (2.6, 3.2).
import type { McpServer } from "@modelcontextprotocol/server";
import { CONTENT_TYPE_DESCRIPTIONS } from "../management/content-types.js";
import { RECORD_TYPES } from "../management/record-types.js";
import { CONTENT_TYPES } from "../management/types.js";
import { MESSAGE_TRACE_STATUSES } from "../messagetrace/types.js";

export const REFERENCE_URIS = {
  contentTypes: "o365://reference/content-types",
  recordTypes: "o365://reference/record-types",
  messageTraceStatus: "o365://reference/message-trace-status",
  resultStatus: "o365://reference/result-status",
} as const;

/**
 * What ResultStatus means, and how search_audit_log's resultStatus filter reads it (src/audit/outcome.ts):
 * for most workloads it is the HTTP operation's result, and Entra sign-ins spell success two ways and once
 * said success on failed logons (o365-api.md 1.9, Entra STS logon).
 */
function resultStatus() {
  return {
    summary:
      "For most workloads ResultStatus is the result of the HTTP operation that was logged, not whether the user got what they meant. Documented values: Succeeded, PartiallySucceeded, Failed; Exchange admin cmdlets use True/False. Match it case-insensitively and never as an enum.",
    signIns:
      'Entra sign-ins (RecordType 15, UserLoggedIn / UserLoginFailed): real records say Succeeded (older captures) or Success (2026), and the documentation\'s samples say success even on failed logons. search_audit_log decides a sign-in\'s outcome from Operation (UserLoginFailed), ErrorNumber / ErrorCode (non-zero) and LogonError: resultStatus ["Failed"] finds failed sign-ins and ["Succeeded"] (or ["Success"]) successful ones, whatever the record spells.',
    synonyms: "Success and Succeeded are one value for the resultStatus filter on every workload.",
    values: [
      { workload: "most workloads", values: ["Succeeded", "PartiallySucceeded", "Failed"] },
      { workload: "Exchange admin (RecordType 1)", values: ["True", "False"] },
      { workload: "Entra sign-ins (RecordType 15)", values: ["Success", "Succeeded", "Failed"] },
    ],
  };
}

const STATUS_MEANINGS: Record<(typeof MESSAGE_TRACE_STATUSES)[number], string> = {
  Delivered: "Delivered to the recipient's mailbox (Inbox or Junk Email: see message_trace_detail).",
  Failed: "Delivery failed; message_trace_detail shows the FAIL event and its reason.",
  Pending: "Delivery is underway or was deferred and is being retried.",
  Expanded: "Sent to a distribution group that was expanded into its members (no direct delivery).",
  Quarantined: "Held in quarantine (spam, phish, malware or a transport rule); not in the mailbox.",
  FilteredAsSpam: "Marked as spam by the spam filter (usually delivered to Junk Email or quarantined).",
  GettingStatus: "Office 365 is still determining the status; query again later.",
  None: "No delivery status: the message was rejected or redirected to a different recipient.",
  Recalled:
    "The sender recalled the message (Graph only; Graph sends it only to clients that ask for newer enum values).",
};

function contentTypes() {
  return CONTENT_TYPES.map((contentType) => ({
    contentType,
    contents: CONTENT_TYPE_DESCRIPTIONS[contentType],
    // DLP.All without ActivityFeed.ReadDlp is refused with AF10001 (o365-api.md 1.3).
    permission:
      contentType === "DLP.All" ? "ActivityFeed.Read and ActivityFeed.ReadDlp" : "ActivityFeed.Read",
  }));
}

function messageTraceStatuses() {
  return MESSAGE_TRACE_STATUSES.map((status) => ({
    status,
    // Graph returns camelCase values and has no "none" (o365-api.md 3.2); compare case-insensitively.
    graphValue: status === "None" ? null : status[0].toLowerCase() + status.slice(1),
    meaning: STATUS_MEANINGS[status],
  }));
}

function recordTypes() {
  return RECORD_TYPES.map((r) => ({ value: r.value, name: r.name, workload: r.workload }));
}

export function registerReferenceResources(server: McpServer): void {
  const entries = [
    {
      name: "content-types",
      uri: REFERENCE_URIS.contentTypes,
      title: "Audit content types",
      description:
        "The five Management Activity API content types, what each holds and the permission it needs.",
      body: () => ({ contentTypes: contentTypes() }),
    },
    {
      name: "record-types",
      uri: REFERENCE_URIS.recordTypes,
      title: "Audit RecordType numbers",
      description:
        "RecordType number -> name and workload, for reading audit records and for the recordTypes filter.",
      body: () => ({ recordTypes: recordTypes() }),
    },
    {
      name: "result-status",
      uri: REFERENCE_URIS.resultStatus,
      title: "What ResultStatus means",
      description:
        "ResultStatus per workload (usually the HTTP operation's result, not the user's intent) and how the resultStatus filter decides sign-in outcomes.",
      body: resultStatus,
    },
    {
      name: "message-trace-status",
      uri: REFERENCE_URIS.messageTraceStatus,
      title: "Message trace status values",
      description: "Delivery status values of message trace rows with their meaning and the Graph spelling.",
      body: () => ({ statuses: messageTraceStatuses() }),
    },
  ];
  for (const entry of entries) {
    server.registerResource(
      entry.name,
      entry.uri,
      { title: entry.title, description: entry.description, mimeType: "application/json" },
      async (uri) => ({
        contents: [
          { uri: uri.href, mimeType: "application/json", text: JSON.stringify(entry.body(), null, 2) },
        ],
      }),
    );
  }
}
