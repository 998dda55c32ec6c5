// Many items hard- or soft-deleted in minutes: evidence or the user's warnings being destroyed.
import { burst } from "../../detectors.js";
import { auditSearch } from "../../next-call.js";
import { defineRule } from "../../types.js";

const OPERATIONS = ["HardDelete", "SoftDelete"];

export default defineRule({
  id: "mass-delete",
  title: "Mass deletion of mail",
  severity: "medium",
  mitre: { id: "T1070.008", name: "Indicator Removal: Clear Mailbox Data" },
  operations: OPERATIONS,
  params: { items: 50, withinMinutes: 15 },
  detect: burst({
    key: (record) => (typeof record.UserId === "string" ? record.UserId.toLowerCase() : undefined),
    // A delete record lists the items it removed in AffectedItems (o365-api.md 1.9, Exchange mailbox).
    weight: (record) => (Array.isArray(record.AffectedItems) ? Math.max(1, record.AffectedItems.length) : 1),
    threshold: (p) => p.items,
    withinMinutes: (p) => p.withinMinutes,
  }),
  reason: ({ values: v }) => `${v.key} deleted ${v.count} items within ${v.minutes} min.`,
  next: ({ values: v }) => auditSearch({ users: [String(v.key)], operations: OPERATIONS }),
});
