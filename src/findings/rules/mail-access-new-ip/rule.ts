// Mail read (MailItemsAccessed) from an IP new for the user: someone else's client reading the mailbox.
import { fromNewIp } from "../../detectors.js";
import { auditSearch } from "../../next-call.js";
import { defineRule } from "../../types.js";

export default defineRule({
  id: "mail-access-new-ip",
  title: "Mail read from a new IP",
  severity: "high",
  mitre: { id: "T1114.002", name: "Email Collection: Remote Email Collection" },
  operations: ["MailItemsAccessed"],
  // A day of the user's history first: a home address seen a few hours into the window is not new.
  params: { baselineHours: 24, recentHours: 24 },
  detect: fromNewIp({ baselineHours: (p) => p.baselineHours, recentHours: (p) => p.recentHours }),
  reason: ({ values: v }) =>
    `${v.user}'s mail was read ${v.count} time(s) from ${v.ip}, first seen for them at ${v.first}.`,
  next: ({ values: v }) => auditSearch({ users: [String(v.user)], clientIps: [String(v.ip)] }),
});
