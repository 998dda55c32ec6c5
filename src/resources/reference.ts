// Static references the model can read instead of guessing: content types (o365-api.md 1.3), audit
// RecordType numbers (1.9) and message-trace status values (2.6, 3.2).
import type { McpServer } from "@modelcontextprotocol/server";
import { CONTENT_TYPE_DESCRIPTIONS } from "../management/content-types.js";
import { RECORD_TYPES } from "../management/record-types.js";
import { CONTENT_TYPES } from "../management/types.js";
import { MESSAGE_TRACE_STATUSES } from "../messagetrace/types.js";

export const REFERENCE_URIS = {
  contentTypes: "o365://reference/content-types",
  recordTypes: "o365://reference/record-types",
  messageTraceStatus: "o365://reference/message-trace-status",
} as const;

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
