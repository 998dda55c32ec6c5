// Sign-ins whose user agent is a scripted HTTP client that adversary-in-the-middle kits and password
// sprayers are known to use (axios for Tycoon 2FA / Storm-1167, python-requests, BAV2ROPC legacy auth).
import { perRecord } from "../../detectors.js";
import { timeline } from "../../next-call.js";
import { ipOf, pairValue, userOf } from "../../record-fields.js";
import { defineRule } from "../../types.js";

export default defineRule({
  id: "aitm-client",
  title: "Sign-in from a known attack-kit client",
  severity: "high",
  mitre: { id: "T1557", name: "Adversary-in-the-Middle" },
  operations: ["UserLoggedIn", "UserLoginFailed"],
  params: {
    userAgents: [
      "axios/",
      "python-requests/",
      "node-fetch/",
      "go-http-client/",
      "bav2ropc",
      "python-urllib/",
    ],
  },
  detect: perRecord((record, p) => {
    const agent = pairValue(record, "ExtendedProperties", "UserAgent") ?? "";
    const lower = agent.toLowerCase();
    const known = p.userAgents.find((a) => lower.includes(a.toLowerCase()));
    if (!known) return undefined;
    return {
      values: {
        user: userOf(record),
        ip: ipOf(record) ?? "?",
        agent: agent.slice(0, 80),
        op: String(record.Operation),
      },
    };
  }),
  reason: ({ values: v }) =>
    `${v.user}: ${v.op} from ${v.ip} with client "${v.agent}", a known attack-kit user agent.`,
  next: ({ values: v }) => timeline({ ip: String(v.ip) }),
});
