// Many messages sent by one mailbox in minutes: internal phishing or spam from a compromised account.
import { burst } from "../../detectors.js";
import { auditSearch } from "../../next-call.js";
import { defineRule } from "../../types.js";

const OPERATIONS = ["Send", "SendAs", "SendOnBehalf"];

export default defineRule({
  id: "send-burst",
  title: "Burst of sent mail",
  severity: "medium",
  mitre: { id: "T1534", name: "Internal Spearphishing" },
  operations: OPERATIONS,
  params: { messages: 30, withinMinutes: 10 },
  detect: burst({
    key: (record) => (typeof record.UserId === "string" ? record.UserId.toLowerCase() : undefined),
    threshold: (p) => p.messages,
    withinMinutes: (p) => p.withinMinutes,
  }),
  reason: ({ values: v }) => `${v.key} sent ${v.count} messages within ${v.minutes} min.`,
  next: ({ values: v }) => auditSearch({ users: [String(v.key)], operations: OPERATIONS }),
});
