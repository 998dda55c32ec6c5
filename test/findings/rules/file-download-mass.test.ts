import { describe } from "vitest";
import rule from "../../../src/findings/rules/file-download-mass/rule.js";
import { activity, ruleCases } from "../rule-cases.js";

const downloads = (count: number, everySeconds: number, operation = "FileDownloaded") =>
  Array.from({ length: count }, (_, i) =>
    activity({ minutes: (i * everySeconds) / 60, ip: "192.0.2.10", operation }),
  );

describe("file-download-mass", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "80 downloads in 4 minutes",
        records: downloads(80, 3),
        findings: 1,
        reason: /downloaded 80 files/,
      },
    ],
    negative: [{ name: "a few downloads", records: downloads(10, 3), findings: 0 }],
    boundary: [
      {
        name: "exactly 50 synced in 15 minutes",
        records: downloads(50, 18, "FileSyncDownloadedFull"),
        findings: 1,
      },
      { name: "49", records: downloads(49, 18), findings: 0 },
    ],
  });
});
