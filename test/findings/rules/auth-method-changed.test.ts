import { describe } from "vitest";
import rule from "../../../src/findings/rules/auth-method-changed/rule.js";
import { activity, baseline, record, ruleCases, signIn } from "../rule-cases.js";

const registered = (minutes: number, ip: string) =>
  activity({ minutes, ip, operation: "User registered security info", extra: { RecordType: 8 } });

describe("auth-method-changed", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "security info registered from the usual IP",
        records: [...baseline(), registered(1500, "198.51.100.7")],
        findings: 1,
        severity: "medium",
      },
      {
        name: "right after a sign-in from a new IP",
        records: [
          ...baseline(),
          signIn({ minutes: 1500, ip: "203.0.113.9" }),
          registered(1510, "203.0.113.9"),
        ],
        findings: 1,
        severity: "high",
        reason: /from 203\.0\.113\.9, an IP new for them/,
      },
    ],
    negative: [
      {
        name: "Update user. of a department",
        records: [
          record({ Operation: "Update user.", ModifiedProperties: [{ Name: "Department", NewValue: "x" }] }),
        ],
        findings: 0,
      },
    ],
    boundary: [
      {
        name: "Update user. of StrongAuthenticationMethod",
        records: [
          record({
            Operation: "Update user.",
            ModifiedProperties: [{ Name: "StrongAuthenticationMethod", NewValue: "[]" }],
          }),
        ],
        findings: 1,
      },
      {
        name: "more than afterNewIpHours after the new IP appeared is medium",
        records: [
          ...baseline(),
          signIn({ minutes: 1500, ip: "203.0.113.9" }),
          registered(1500 + 25 * 60, "203.0.113.9"),
        ],
        findings: 1,
        severity: "medium",
      },
    ],
  });
});
