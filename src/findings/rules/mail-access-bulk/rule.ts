// Many mail items read in a short time (MailItemsAccessed counts items in OperationCount): a mailbox
// being harvested.
import { numberOf } from "../../../audit/outcome.js";
import { burst } from "../../detectors.js";
import { auditSearch } from "../../next-call.js";
import { defineRule } from "../../types.js";

export default defineRule({
  id: "mail-access-bulk",
  title: "Mail read in bulk",
  severity: "medium",
  mitre: { id: "T1114.002", name: "Email Collection: Remote Email Collection" },
  operations: ["MailItemsAccessed"],
  params: { items: 500, withinMinutes: 60 },
  detect: burst({
    key: (record) => (typeof record.UserId === "string" ? record.UserId.toLowerCase() : undefined),
    weight: (record) => Math.max(1, numberOf(record.OperationCount) || 1),
    threshold: (p) => p.items,
    withinMinutes: (p) => p.withinMinutes,
  }),
  reason: ({ values: v }) => `${v.key} read ${v.count} mail items within ${v.minutes} min.`,
  next: ({ values: v }) => auditSearch({ users: [String(v.key)], operations: ["MailItemsAccessed"] }),
});
