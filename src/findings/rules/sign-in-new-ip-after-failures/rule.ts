// A successful sign-in from an IP never seen for the user in the window, right after failed sign-ins:
// a guessed or phished password used from the attacker's machine.
import { signInFailed } from "../../../audit/outcome.js";
import type { AuditRecord } from "../../../management/types.js";
import { timeline } from "../../next-call.js";
import { ipOf, recordTime, userOf } from "../../record-fields.js";
import { defineRule, type Hit } from "../../types.js";

export default defineRule({
  id: "sign-in-new-ip-after-failures",
  title: "Sign-in from a new IP after failed sign-ins",
  severity: "high",
  mitre: { id: "T1078.004", name: "Valid Accounts: Cloud Accounts" },
  operations: ["UserLoggedIn", "UserLoginFailed"],
  params: { minFailures: 1, withinMinutes: 60, baselineHours: 24 },
  detect: (records, p, env) => {
    const failures = new Map<string, AuditRecord[]>();
    const hits: Hit[] = [];
    for (const record of records) {
      const user = userOf(record);
      const ip = ipOf(record);
      if (!user || !ip) continue;
      const time = recordTime(record);
      if (signInFailed(record)) {
        failures.set(user, [...(failures.get(user) ?? []), record]);
        continue;
      }
      // The first success from this IP (recentMs 0), after baselineHours of the user elsewhere.
      if (!env.profile.isNewIp(user, ip, time, { baselineMs: p.baselineHours * 3_600_000, recentMs: 0 }))
        continue;
      const recent = (failures.get(user) ?? []).filter(
        (f) => time - recordTime(f) <= p.withinMinutes * 60_000,
      );
      if (recent.length < p.minFailures) continue;
      const fromIp = recent.filter((f) => ipOf(f) === ip).length;
      hits.push({
        records: [...recent, record],
        values: { user, ip, failures: recent.length, fromIp, minutes: p.withinMinutes },
      });
    }
    return hits;
  },
  reason: ({ values: v }) =>
    `${v.user} signed in from ${v.ip}, an IP not seen for them before in the window, after ${v.failures} failed sign-in(s) within ${v.minutes} min (${v.fromIp} from that IP).`,
  next: ({ values: v }) => timeline({ user: String(v.user) }),
});
