import { describe } from "vitest";
import rule from "../../../src/findings/rules/mail-access-bulk/rule.js";
import { activity, ruleCases } from "../rule-cases.js";

const reads = (count: number, items: number, everyMinutes: number) =>
  Array.from({ length: count }, (_, i) =>
    activity({ minutes: i * everyMinutes, ip: "192.0.2.10", extra: { OperationCount: items } }),
  );

describe("mail-access-bulk", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "600 items in 10 minutes",
        records: reads(6, 100, 2),
        findings: 1,
        reason: /read 600 mail items within 10 min/,
      },
    ],
    negative: [{ name: "500 items over a day", records: reads(5, 100, 300), findings: 0 }],
    boundary: [
      { name: "exactly 500 items within 60 minutes", records: reads(5, 100, 15), findings: 1 },
      { name: "499 items", records: [...reads(4, 100, 10), ...reads(1, 99, 0)], findings: 0 },
    ],
  });
});
