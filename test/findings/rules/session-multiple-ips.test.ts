import { describe } from "vitest";
import rule from "../../../src/findings/rules/session-multiple-ips/rule.js";
import { activity, ruleCases, signIn } from "../rule-cases.js";

describe("session-multiple-ips", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "one sign-in session from two IPs",
        records: [
          signIn({ minutes: 0, ip: "198.51.100.7", session: "S1" }),
          signIn({ minutes: 60, ip: "203.0.113.66", session: "S1" }),
        ],
        findings: 1,
        evidence: 2,
        reason: /session s1 was used from 2 IPs \(198\.51\.100\.7, 203\.0\.113\.66\)/,
      },
      {
        name: "the session replayed in mail access (AppAccessContext.AADSessionId)",
        records: [
          signIn({ minutes: 0, ip: "198.51.100.7", session: "S2" }),
          activity({ minutes: 5, ip: "203.0.113.66", extra: { AppAccessContext: { AADSessionId: "S2" } } }),
        ],
        findings: 1,
      },
    ],
    negative: [
      {
        name: "a traveller: one session per IP",
        records: [
          signIn({ minutes: 0, ip: "198.51.100.7", session: "A" }),
          signIn({ minutes: 600, ip: "198.18.7.23", session: "B" }),
          signIn({ minutes: 700, ip: "198.18.7.23", session: "C" }),
        ],
        findings: 0,
      },
    ],
    boundary: [
      {
        name: "the same session twice from one IP",
        records: [
          signIn({ minutes: 0, ip: "198.51.100.7", session: "S" }),
          signIn({ minutes: 9, ip: "198.51.100.7", session: "S" }),
        ],
        findings: 0,
      },
      {
        name: "the IP written with a port is the same IP",
        records: [
          signIn({ minutes: 0, ip: "198.51.100.7", session: "S" }),
          signIn({ minutes: 9, ip: "198.51.100.7:51234", session: "S" }),
        ],
        findings: 0,
      },
    ],
  });
});
