import { describe } from "vitest";
import rule from "../../../src/findings/rules/mail-access-new-ip/rule.js";
import { activity, baseline, ruleCases } from "../rule-cases.js";

describe("mail-access-new-ip", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "mail read from an IP first seen now",
        records: [
          ...baseline(),
          activity({ minutes: 1500, ip: "203.0.113.66" }),
          activity({ minutes: 1510, ip: "203.0.113.66" }),
        ],
        findings: 1,
        evidence: 2,
        reason: /read 2 time\(s\) from 203\.0\.113\.66/,
      },
    ],
    negative: [
      {
        name: "mail read from home",
        records: [...baseline(), activity({ minutes: 1500, ip: "198.51.100.7" })],
        findings: 0,
      },
      {
        name: "the office IP several users share",
        records: [...baseline(), activity({ minutes: 1500, ip: "192.0.2.10" })],
        findings: 0,
      },
    ],
    boundary: [
      {
        name: "read recentHours after the IP appeared is no longer new",
        records: [
          ...baseline(),
          activity({ minutes: 1500, ip: "203.0.113.66" }),
          activity({ minutes: 1500 + 24 * 60 + 1, ip: "203.0.113.66" }),
        ],
        findings: 1,
        evidence: 1,
      },
      {
        name: "less than baselineHours of history: nothing is new yet",
        records: [
          activity({ minutes: 0, ip: "198.51.100.7" }),
          activity({ minutes: 24 * 60 - 1, ip: "203.0.113.66" }),
        ],
        findings: 0,
      },
    ],
  });
});
