// One Entra session (SessionId of a sign-in, AADSessionId of later activity) used from several IPs: a
// stolen session cookie replayed elsewhere (adversary-in-the-middle). The records carry no country, so
// IPs are compared, not countries.

import { fieldValue } from "../../../audit/aggregate.js";
import type { AuditRecord } from "../../../management/types.js";
import { distinctPerKey } from "../../detectors.js";
import { timeline } from "../../next-call.js";
import { ipOf, pairValue, userOf } from "../../record-fields.js";
import { defineRule } from "../../types.js";

/** The Entra session: DeviceProperties SessionId (sign-ins) or AppAccessContext.AADSessionId (o365-api.md 1.9). */
function entraSession(record: AuditRecord): string | undefined {
  const own = pairValue(record, "DeviceProperties", "SessionId");
  const aad = fieldValue(record, "AppAccessContext.AADSessionId");
  const id = own ?? (typeof aad === "string" ? aad : undefined);
  return id ? id.toLowerCase() : undefined;
}

export default defineRule({
  id: "session-multiple-ips",
  title: "One sign-in session used from several IPs",
  severity: "high",
  mitre: { id: "T1550.004", name: "Use Alternate Authentication Material: Web Session Cookie" },
  operations: ["UserLoggedIn", "MailItemsAccessed", "FileDownloaded", "FileAccessed", "Send"],
  params: { minIps: 2 },
  detect: distinctPerKey({
    key: (record) => {
      const session = entraSession(record);
      return session ? `${userOf(record)}\u0000${session}` : undefined;
    },
    value: ipOf,
    threshold: (p) => p.minIps,
  }),
  reason: ({ values: v }) => {
    const [user, session] = String(v.key).split("\u0000");
    return `${user}'s session ${session} was used from ${v.distinct} IPs (${v.list}).`;
  },
  next: ({ values: v }) => timeline({ user: String(v.key).split("\u0000")[0] }),
});
