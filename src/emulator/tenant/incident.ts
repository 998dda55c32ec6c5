// The one coherent incident an investigation can follow end to end (design.md 9): a phishing wave
// from an outside sender, one delivered user compromised, a foreign sign-in, a forwarding inbox rule,
// mail read and a OneDrive file downloaded from the attacker's IP. Placed in the last 24 hours so
// default windows find it.
import type { IncidentFacts } from "../types.js";
import type { Directory } from "./directory.js";
import { TENANT_DOMAIN } from "./directory.js";
import { rngFor } from "./random.js";
import type { AuditRecord, RecordContext } from "./records/common.js";
import { signIn } from "./records/entra.js";
import { mailItemsAccessed, newInboxRule } from "./records/exchange.js";
import { fileOperation } from "./records/sharepoint.js";
import type { TraceMessage } from "./traces.js";

const HOUR = 3_600_000;
export const ATTACKER_IP = "203.0.113.66";
const PHISH_MAIL_SERVER_IP = "203.0.113.77";
const ATTACKER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0";
const EXFIL_ADDRESS = "exfil@evil.example";

/**
 * The attacker's sign-in reaches the feed this late: Entra sign-ins are in the documented 24-hour column
 * (o365-api.md 1.6), so a search that stops 90 minutes after its window misses it.
 */
export const LATE_SIGN_IN_LAG_MS = 5 * HOUR;

/** The facts of the first foothold, 21 days back (foothold.ts plans them). */
export type FootholdFactKey = "footholdSignIn" | "consentGranted" | "consentAppName" | "consentAppId";

export interface PlannedIncident {
  /** The facts, less when the late sign-in's blob became available (the blob plan decides that). */
  facts: Omit<IncidentFacts, "foreignSignInAvailable" | FootholdFactKey>;
  /**
   * Audit records to place, each with its content type and event time; lagMs (default the usual minimum)
   * is how long after the event its blob may be created.
   */
  records: Array<{ contentType: string; time: Date; record: AuditRecord; lagMs?: number }>;
  /** Id of the record that arrives late (the attacker's sign-in). */
  lateRecordId: string;
  messages: TraceMessage[];
}

export function planIncident(seed: number, now: Date, dir: Directory, ctx: RecordContext): PlannedIncident {
  const rng = rngFor(seed, "incident");
  const at = (hoursBefore: number): Date =>
    new Date(Math.floor((now.getTime() - hoursBefore * HOUR) / 1000) * 1000);
  // Skip the admins so the victim is an ordinary user; take six distinct targets.
  const targets = dir.people
    .slice(3)
    .filter((_, i) => i % 5 === seed % 5)
    .slice(0, 6);
  while (targets.length < 6) targets.push(dir.people[3 + targets.length]);
  const [victim, delivered2, delivered3, quarantined1, quarantined2, spam] = targets;
  const times = {
    phish: at(20),
    opened: at(19.5),
    failedSignIn: at(18.1),
    signIn: at(18),
    rule: at(17.75),
    read: at(17.5),
    forward: at(17.4),
    download: at(17),
  };
  const phishMessageId = `<${rng.hex(16).toUpperCase()}@mail.evil.example>`;
  const facts: PlannedIncident["facts"] = {
    attackerSender: "billing@evil.example",
    phishSubject: "Invoice overdue – action required",
    phishMessageId,
    deliveredRecipients: [victim.upn, delivered2.upn, delivered3.upn],
    quarantinedRecipients: [quarantined1.upn, quarantined2.upn],
    spamFilteredRecipients: [spam.upn],
    compromisedUser: victim.upn,
    attackerIp: ATTACKER_IP,
    phishReceived: times.phish.toISOString(),
    failedSignIn: times.failedSignIn.toISOString(),
    foreignSignIn: times.signIn.toISOString(),
    inboxRuleCreated: times.rule.toISOString(),
    inboxRuleName: "Invoice sync",
    mailItemsAccessed: times.read.toISOString(),
    fileDownloaded: times.download.toISOString(),
    downloadedFileName: "Payroll 2026.xlsx",
  };

  const messages: TraceMessage[] = [
    {
      messageTraceId: rng.guid(),
      messageId: phishMessageId,
      received: times.phish,
      sender: facts.attackerSender,
      subject: facts.phishSubject,
      size: 48_213,
      fromIP: PHISH_MAIL_SERVER_IP,
      recipients: [
        ...facts.deliveredRecipients.map((address) => ({ address, status: "Delivered", toIP: null })),
        ...facts.quarantinedRecipients.map((address) => ({ address, status: "Quarantined", toIP: null })),
        ...facts.spamFilteredRecipients.map((address) => ({ address, status: "FilteredAsSpam", toIP: null })),
      ],
    },
    {
      // What the forwarding rule sends out: the victim's mail leaving for the attacker's mailbox.
      messageTraceId: rng.guid(),
      messageId: `<${rng.hex(8)}-${rng.hex(4)}@${TENANT_DOMAIN}>`,
      received: times.forward,
      sender: victim.upn,
      subject: "FW: Re: Q3 numbers",
      size: 91_344,
      fromIP: "192.0.2.10",
      recipients: [{ address: EXFIL_ADDRESS, status: "Delivered", toIP: "203.0.113.78" }],
    },
  ];

  const oneDrive = dir.oneDrives.get(victim.upn)!;
  const attackerDevice = { os: "Linux", browser: "Firefox 115.0", userAgent: ATTACKER_USER_AGENT };
  // Adversary-in-the-middle: the victim signs in at home through the phishing page, and the attacker's
  // sign-in replays that session from their IP. A side stream, so the records below are unchanged.
  const side = rng.fork("session-reuse");
  const reusedSessionId = side.guid();
  const victimSignIn = signIn(side, ctx, {
    person: victim,
    time: at(19.4),
    ip: victim.homeIp,
    userAgent: victim.device.userAgent,
    os: victim.device.os,
    browser: victim.device.browser,
    appId: "4765445b-32c6-49b0-83e6-1d93765276ca",
    sessionId: reusedSessionId,
  });
  const records: PlannedIncident["records"] = [
    {
      // The victim opens the phish from their usual place: the "click" that starts it.
      contentType: "Audit.Exchange",
      time: times.opened,
      record: mailItemsAccessed(rng, ctx, {
        person: victim,
        time: times.opened,
        clientIp: victim.homeIp,
        clientInfo: victim.device.clientInfo,
        messages: [phishMessageId],
      }),
    },
    {
      contentType: "Audit.AzureActiveDirectory",
      time: times.failedSignIn,
      record: signIn(rng, ctx, {
        person: victim,
        time: times.failedSignIn,
        ip: ATTACKER_IP,
        ...attackerDevice,
        appId: "4765445b-32c6-49b0-83e6-1d93765276ca",
        failure: { code: "50126", error: "InvalidUserNameOrPassword" },
      }),
    },
    {
      contentType: "Audit.AzureActiveDirectory",
      time: times.signIn,
      lagMs: LATE_SIGN_IN_LAG_MS,
      record: signIn(rng, ctx, {
        person: victim,
        time: times.signIn,
        ip: ATTACKER_IP,
        ...attackerDevice,
        appId: "4765445b-32c6-49b0-83e6-1d93765276ca",
        sessionId: reusedSessionId,
      }),
    },
    { contentType: "Audit.AzureActiveDirectory", time: at(19.4), record: victimSignIn },
    {
      contentType: "Audit.Exchange",
      time: times.rule,
      record: newInboxRule(rng, ctx, {
        person: victim,
        time: times.rule,
        clientIp: ATTACKER_IP,
        ruleName: facts.inboxRuleName,
        parameters: [
          { Name: "ForwardTo", Value: EXFIL_ADDRESS },
          { Name: "SubjectOrBodyContainsWords", Value: "invoice;payment;wire" },
          { Name: "MarkAsRead", Value: "True" },
          { Name: "StopProcessingRules", Value: "True" },
        ],
      }),
    },
    {
      contentType: "Audit.Exchange",
      time: times.read,
      record: mailItemsAccessed(rng, ctx, {
        person: victim,
        time: times.read,
        clientIp: ATTACKER_IP,
        clientInfo: "Client=OWA;Action=ViaProxy",
        messages: Array.from({ length: 6 }, () => `<${rng.hex(10).toUpperCase()}@fabrikam.example>`),
      }),
    },
    {
      contentType: "Audit.SharePoint",
      time: times.download,
      record: fileOperation(rng, ctx, {
        person: victim,
        time: times.download,
        clientIp: ATTACKER_IP,
        operation: "FileDownloaded",
        site: oneDrive,
        workload: "OneDrive",
        fileName: facts.downloadedFileName,
        userAgent: ATTACKER_USER_AGENT,
      }),
    },
  ];
  const late = records.find((r) => r.lagMs !== undefined);
  facts.reusedSessionId = reusedSessionId;
  return { facts, records, lateRecordId: String(late?.record.Id), messages };
}
