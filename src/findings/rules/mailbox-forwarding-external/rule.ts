// Mailbox-level forwarding set with Set-Mailbox (ForwardingSmtpAddress, often with
// DeliverToMailboxAndForward) to an address outside the tenant: every message leaves, no rule to see.
import { perRecord } from "../../detectors.js";
import { auditSearch } from "../../next-call.js";
import { addressesIn, isTrue, param, userOf } from "../../record-fields.js";
import { defineRule } from "../../types.js";

export default defineRule({
  id: "mailbox-forwarding-external",
  title: "Mailbox forwarding set to an outside address",
  severity: "high",
  mitre: { id: "T1114.003", name: "Email Collection: Email Forwarding Rule" },
  operations: ["Set-Mailbox"],
  params: {},
  detect: perRecord((record, _p, env) => {
    const to = [
      ...addressesIn(param(record, "ForwardingSmtpAddress")),
      ...addressesIn(param(record, "ForwardingAddress")),
    ];
    const outside = to.filter((a) => !env.isInternal(a));
    if (outside.length === 0) return undefined;
    const keep = isTrue(param(record, "DeliverToMailboxAndForward"))
      ? " (keeping a copy, so the owner notices nothing)"
      : "";
    return {
      values: {
        actor: userOf(record),
        mailbox: param(record, "Identity") ?? String(record.ObjectId ?? ""),
        to: outside.join(", "),
        keep,
        internal: env.internalDomains.join(", ") || "(none seen)",
      },
    };
  }),
  reason: ({ values: v }) =>
    `${v.actor} set mailbox ${v.mailbox} to forward to ${v.to}${v.keep}, outside the tenant's domains (${v.internal}).`,
  next: ({ values: v }) => auditSearch({ users: [String(v.actor)], operations: ["Set-Mailbox"] }),
});
