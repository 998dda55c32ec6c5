// Many files downloaded or synced in minutes: bulk exfiltration from SharePoint or OneDrive.
import { burst } from "../../detectors.js";
import { auditSearch } from "../../next-call.js";
import { defineRule } from "../../types.js";

const OPERATIONS = ["FileDownloaded", "FileSyncDownloadedFull"];

export default defineRule({
  id: "file-download-mass",
  title: "Mass file download",
  severity: "medium",
  mitre: { id: "T1530", name: "Data from Cloud Storage" },
  operations: OPERATIONS,
  params: { files: 50, withinMinutes: 15 },
  detect: burst({
    key: (record) => (typeof record.UserId === "string" ? record.UserId.toLowerCase() : undefined),
    threshold: (p) => p.files,
    withinMinutes: (p) => p.withinMinutes,
  }),
  reason: ({ values: v }) => `${v.key} downloaded ${v.count} files within ${v.minutes} min.`,
  next: ({ values: v }) => auditSearch({ users: [String(v.key)], operations: OPERATIONS }),
});
