// A transport (mail flow) rule that redirects, BCCs or adds outside recipients: tenant-wide forwarding.
import { perRecord } from "../../detectors.js";
import { auditSearch } from "../../next-call.js";
import { addressesIn, param, userOf } from "../../record-fields.js";
import { defineRule } from "../../types.js";

const RECIPIENT_ACTIONS = ["RedirectMessageTo", "BlindCopyTo", "CopyTo", "AddToRecipients"];

export default defineRule({
  id: "transport-rule-external",
  title: "Transport rule sends mail outside the tenant",
  severity: "high",
  mitre: { id: "T1114.003", name: "Email Collection: Email Forwarding Rule" },
  operations: ["New-TransportRule", "Set-TransportRule"],
  params: {},
  detect: perRecord((record, _p, env) => {
    const found = RECIPIENT_ACTIONS.flatMap((a) =>
      addressesIn(param(record, a))
        .filter((x) => !env.isInternal(x))
        .map((x) => `${a} ${x}`),
    );
    if (found.length === 0) return undefined;
    return {
      values: {
        actor: userOf(record),
        rule: param(record, "Name") ?? param(record, "Identity") ?? "",
        actions: found.join(", "),
        internal: env.internalDomains.join(", ") || "(none seen)",
      },
    };
  }),
  reason: ({ values: v }) =>
    `${v.actor} made transport rule "${v.rule}" with ${v.actions}, outside the tenant's domains (${v.internal}).`,
  next: ({ values: v }) =>
    auditSearch({ users: [String(v.actor)], operations: ["New-TransportRule", "Set-TransportRule"] }),
});
