import { describe } from "vitest";
import rule from "../../../src/findings/rules/send-burst/rule.js";
import { activity, ruleCases } from "../rule-cases.js";

const sends = (count: number, everySeconds: number) =>
  Array.from({ length: count }, (_, i) =>
    activity({ minutes: (i * everySeconds) / 60, ip: "192.0.2.10", operation: "Send" }),
  );

describe("send-burst", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "40 messages in 4 minutes",
        records: sends(40, 6),
        findings: 1,
        reason: /sent 40 messages within 4 min/,
        evidence: 20,
      },
    ],
    negative: [{ name: "30 messages over 5 hours", records: sends(30, 600), findings: 0 }],
    boundary: [
      { name: "exactly 30 within 10 minutes", records: sends(30, 20), findings: 1 },
      { name: "29 within 10 minutes", records: sends(29, 20), findings: 0 },
    ],
  });
});
