import { describe } from "vitest";
import rule from "../../../src/findings/rules/aitm-client/rule.js";
import { ruleCases, signIn } from "../rule-cases.js";

describe("aitm-client", () => {
  ruleCases(rule, {
    positive: [
      {
        name: "axios user agent",
        records: [signIn({ minutes: 0, ip: "203.0.113.5", agent: "axios/1.6.8" })],
        findings: 1,
        reason: /client "axios\/1\.6\.8"/,
      },
    ],
    negative: [{ name: "a browser", records: [signIn({ minutes: 0, ip: "203.0.113.5" })], findings: 0 }],
    boundary: [
      {
        name: "a failed BAV2ROPC attempt counts too",
        records: [signIn({ minutes: 0, ip: "203.0.113.5", agent: "BAV2ROPC", failed: true })],
        findings: 1,
      },
    ],
  });
});
