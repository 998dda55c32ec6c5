import { describe } from "vitest";
import rule from "../../../src/findings/rules/sign-in-new-ip-after-failures/rule.js";
import { baseline, ruleCases, signIn } from "../rule-cases.js";

const attack = (failedAt: number, okAt: number) => [
  ...baseline(),
  signIn({ minutes: failedAt, ip: "203.0.113.66", failed: true }),
  signIn({ minutes: okAt, ip: "203.0.113.66" }),
];

describe("sign-in-new-ip-after-failures", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "failure then success from a new IP",
        records: attack(1500, 1506),
        findings: 1,
        evidence: 2,
        reason:
          /signed in from 203\.0\.113\.66.*after 1 failed sign-in\(s\) within 60 min \(1 from that IP\)/,
      },
    ],
    negative: [
      {
        name: "a new IP without failures (a traveller)",
        records: [...baseline(), signIn({ minutes: 1500, ip: "198.18.7.23" })],
        findings: 0,
      },
      {
        name: "failures then success from the usual IP",
        records: [
          ...baseline(),
          signIn({ minutes: 1500, ip: "198.51.100.7", failed: true }),
          signIn({ minutes: 1501, ip: "198.51.100.7" }),
        ],
        findings: 0,
      },
      {
        name: "no baseline: the user's first hours in the window",
        records: [
          signIn({ minutes: 0, ip: "192.0.2.10" }),
          signIn({ minutes: 60, ip: "203.0.113.66", failed: true }),
          signIn({ minutes: 61, ip: "203.0.113.66" }),
        ],
        findings: 0,
      },
    ],
    boundary: [
      { name: "the failure exactly withinMinutes before", records: attack(1500, 1560), findings: 1 },
      { name: "the failure a minute too early", records: attack(1500, 1561), findings: 0 },
    ],
  });
});
