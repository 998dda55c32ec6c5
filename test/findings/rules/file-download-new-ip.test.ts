import { describe } from "vitest";
import rule from "../../../src/findings/rules/file-download-new-ip/rule.js";
import { activity, baseline, ruleCases } from "../rule-cases.js";

const download = (minutes: number, ip: string) =>
  activity({
    minutes,
    ip,
    operation: "FileDownloaded",
    extra: { RecordType: 6, SourceFileName: "Payroll.xlsx" },
  });

describe("file-download-new-ip", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "a download from a new IP",
        records: [...baseline(), download(1500, "203.0.113.66")],
        findings: 1,
        reason: /downloaded 1 file\(s\) from 203\.0\.113\.66.*"Payroll\.xlsx"/,
      },
    ],
    negative: [
      { name: "a download from home", records: [...baseline(), download(1500, "198.51.100.7")], findings: 0 },
    ],
    boundary: [
      {
        name: "exactly baselineHours after the user's first activity",
        records: [activity({ minutes: 0, ip: "198.51.100.7" }), download(24 * 60, "203.0.113.66")],
        findings: 1,
      },
      {
        name: "a minute short of baselineHours: a home IP on the first day is not new",
        records: [activity({ minutes: 0, ip: "198.51.100.7" }), download(24 * 60 - 1, "203.0.113.66")],
        findings: 0,
      },
    ],
  });
});
