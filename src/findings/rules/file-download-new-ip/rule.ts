// Files downloaded from an IP new for the user: the attacker taking documents from OneDrive/SharePoint.
import { fromNewIp } from "../../detectors.js";
import { auditSearch } from "../../next-call.js";
import { defineRule } from "../../types.js";

const OPERATIONS = ["FileDownloaded", "FileSyncDownloadedFull"];

export default defineRule({
  id: "file-download-new-ip",
  title: "Files downloaded from a new IP",
  severity: "high",
  mitre: { id: "T1530", name: "Data from Cloud Storage" },
  operations: OPERATIONS,
  // A day of the user's history first: a home address seen a few hours into the window is not new.
  params: { baselineHours: 24, recentHours: 24 },
  detect: fromNewIp({ baselineHours: (p) => p.baselineHours, recentHours: (p) => p.recentHours }),
  reason: ({ values: v, records }) =>
    `${v.user} downloaded ${v.count} file(s) from ${v.ip}, first seen for them at ${v.first}: ${records
      .slice(0, 3)
      .map((r) => `"${String(r.SourceFileName ?? r.ObjectId ?? "?").slice(0, 60)}"`)
      .join(", ")}${records.length > 3 ? ", ..." : ""}.`,
  next: ({ values: v }) =>
    auditSearch({ users: [String(v.user)], clientIps: [String(v.ip)], operations: OPERATIONS }),
});
