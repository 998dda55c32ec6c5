// MFA or security-info methods added or removed for a user; high when it follows a sign-in from an IP new
// for that user within hours (an attacker registering their own authenticator).
import { perRecord } from "../../detectors.js";
import { timeline } from "../../next-call.js";
import { ipOf, modifiedProperties, operationOf, recordTime, userOf } from "../../record-fields.js";
import { defineRule } from "../../types.js";

const OPERATIONS = [
  "User registered security info",
  "User deleted security info",
  "User changed default security info",
  "User registered all required security info",
  "Admin registered security info",
  "Admin deleted security info",
  "Update user.",
];

export default defineRule({
  id: "auth-method-changed",
  title: "MFA or security info changed",
  severity: "medium",
  mitre: { id: "T1556.006", name: "Modify Authentication Process: Multi-Factor Authentication" },
  operations: OPERATIONS,
  params: { afterNewIpHours: 24, baselineHours: 24 },
  detect: perRecord((record, p, env) => {
    const op = operationOf(record);
    if (op.toLowerCase() === "update user.") {
      // Only StrongAuthentication* changes are method changes; a department edit is not.
      if (!modifiedProperties(record).some((m) => /strongauthentication/i.test(m.name))) return undefined;
    }
    const user = userOf(record);
    const target = String(record.ObjectId ?? user);
    const ip = ipOf(record);
    const time = recordTime(record);
    const fresh =
      ip !== undefined &&
      env.profile.isNewIp(user, ip, time, {
        baselineMs: p.baselineHours * 3_600_000,
        recentMs: p.afterNewIpHours * 3_600_000,
      });
    return {
      severity: fresh ? "high" : "medium",
      values: {
        user,
        target,
        op: op.replace(/\.$/, ""),
        ip: ip ?? "?",
        fresh: fresh ? `, from ${ip}, an IP new for them in the last ${p.afterNewIpHours} h` : "",
      },
    };
  }),
  reason: ({ values: v }) => `${v.user}: ${v.op} (${v.target})${v.fresh}.`,
  next: ({ values: v }) => timeline({ user: String(v.user) }),
});
