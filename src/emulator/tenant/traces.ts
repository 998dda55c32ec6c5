// Message traces: one row per recipient, with the detail events Exchange Online records
// (o365-api.md 2.5, 2.6, 3.1). Detail `data` is the internal XML; the legacy route URI-escapes it.
import type { Directory, Person } from "./directory.js";
import { OFFICE_IPS, TENANT_DOMAIN } from "./directory.js";
import type { Rng } from "./random.js";
import { rngFor } from "./random.js";
import type { EmuTrace, EmuTraceDetail } from "./types.js";

const MINUTE = 60_000;
const EXTERNAL_DOMAINS = ["fabrikam.example", "northwind.example", "adatum.example", "tailspin.example"];
const SENDER_NAMES = ["news", "sales", "support", "john.doe", "invoices", "noreply", "maria.garcia"];
const SUBJECTS = [
  "Weekly digest",
  "Quarterly Report",
  "Re: Budget review",
  "Your order has shipped",
  "Meeting invitation: Sync",
  "Re: Contract renewal",
  "Project status",
  "Newsletter November",
  "Re: Q3 numbers",
  "Customer follow-up",
  "Webinar: Cloud security",
  "Travel itinerary",
];
export const DISTRIBUTION_LIST = `allstaff@${TENANT_DOMAIN}`;

export interface TraceMessage {
  messageTraceId: string;
  messageId: string;
  received: Date;
  sender: string;
  subject: string;
  size: number;
  fromIP: string;
  /** Per-recipient status; toIP is null for mail that stays in (or comes into) the tenant. */
  recipients: Array<{ address: string; status: string; toIP: string | null; reason?: string }>;
}

function xmlData(pairs: Array<[string, string, string]>): string {
  return `<root>${pairs.map(([name, kind, value]) => `<MEP Name="${name}" ${kind}="${value}"/>`).join("")}</root>`;
}

function server(rng: Rng): string {
  return `AM${rng.int(0, 9)}PR0${rng.int(1, 9)}MB${rng.int(1000, 9999)}.eurprd0${rng.int(1, 9)}.prod.outlook.com`;
}

/** Detail events of one recipient's row, ending in the step that explains its status. */
export function traceDetails(
  rng: Rng,
  msg: TraceMessage,
  rcpt: TraceMessage["recipients"][number],
): EmuTraceDetail[] {
  const host = server(rng);
  let t = msg.received.getTime();
  const step = (): Date => {
    t += rng.int(1, 20) * 1000;
    return new Date(t);
  };
  const events: EmuTraceDetail[] = [
    {
      date: new Date(t),
      event: "RECEIVE",
      action: null,
      detail: `Message received by: ${host}`,
      data: xmlData([
        ["ClientIP", "String", msg.fromIP],
        ["ServerHostName", "String", host.split(".")[0]],
        ["ReturnPath", "String", msg.sender],
        ["MessageSize", "Integer", String(msg.size)],
      ]),
    },
  ];
  const scl = (value: number): Array<[string, string, string]> => [
    ["SCL", "Integer", String(value)],
    ["SFV", "String", value >= 5 ? "SPM" : "NSPM"],
  ];
  const spamCheck = (value: number, action: string | null, detail: string): void => {
    events.push({ date: step(), event: "SPAM", action, detail, data: xmlData(scl(value)) });
  };
  switch (rcpt.status) {
    case "Delivered":
      if (!msg.sender.endsWith(TENANT_DOMAIN)) spamCheck(1, null, "Spam verdict: not spam (SCL 1).");
      if (rcpt.toIP) {
        events.push({
          date: step(),
          event: "SEND",
          action: null,
          detail: `Message sent to ${rcpt.toIP} using TLS1.2 with AES256`,
          data: xmlData([["RemoteIP", "String", rcpt.toIP]]),
        });
      } else {
        events.push({
          date: step(),
          event: "DELIVER",
          action: null,
          detail: "The message was successfully delivered.",
          data: xmlData([["DeliveryFolder", "String", "Inbox"]]),
        });
      }
      break;
    case "FilteredAsSpam":
      spamCheck(
        6,
        "MoveToJmf",
        "The message was marked as spam (SCL 6) and delivered to the Junk Email folder.",
      );
      events.push({
        date: step(),
        event: "DELIVER",
        action: null,
        detail: "The message was delivered to the Junk Email folder.",
        data: xmlData([["DeliveryFolder", "String", "Junk Email"]]),
      });
      break;
    case "Quarantined":
      spamCheck(
        9,
        "Quarantine",
        "The message was identified as high confidence phishing (SCL 9) and quarantined.",
      );
      break;
    case "Failed":
      events.push({
        date: step(),
        event: "FAIL",
        action: null,
        detail: `Reason: [{LED=${rcpt.reason ?? "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup"}};{MSG=};{FQDN=};{IP=};{LRT=}]`,
        data: xmlData([["DeliveryPriority", "String", "Normal"]]),
      });
      break;
    case "Pending":
      events.push({
        date: step(),
        event: "DEFER",
        action: null,
        detail:
          "Reason: [{LED=451 4.4.0 DNS query failed. The error was: DNS query failed with error: ErrorRetry};{MSG=};{FQDN=};{IP=};{LRT=}]",
        data: xmlData([["RetryCount", "Integer", "1"]]),
      });
      break;
    case "Expanded":
      events.push({
        date: step(),
        event: "EXPAND",
        action: null,
        detail: "The message was sent to a distribution group and was expanded to 3 recipients.",
        data: xmlData([["ExpansionSource", "String", rcpt.address]]),
      });
      break;
    case "None":
      events.push({
        date: step(),
        event: "TRANSPORT RULE",
        action: "RejectMessage",
        detail:
          "Transport rule: 'Block executable attachments', rule ID: 3f1a, was triggered and the message was rejected.",
        data: xmlData([["RuleName", "String", "Block executable attachments"]]),
      });
      events.push({
        date: step(),
        event: "DROP",
        action: null,
        detail: "The message was dropped.",
        data: xmlData([]),
      });
      break;
    case "Recalled":
      events.push({
        date: step(),
        event: "DELIVER",
        action: null,
        detail: "The message was successfully delivered.",
        data: xmlData([["DeliveryFolder", "String", "Inbox"]]),
      });
      events.push({
        date: step(),
        event: "RECALL",
        action: null,
        detail: "The sender recalled the message; it was removed from the recipient's mailbox.",
        data: xmlData([["RecallResult", "String", "Success"]]),
      });
      break;
    default:
      // GettingStatus: only the receive step is known so far.
      break;
  }
  return events;
}

function statusFor(rng: Rng, recent: boolean, external: boolean): string {
  return rng.weighted([
    ["Delivered", 80],
    ["FilteredAsSpam", external ? 6 : 0],
    ["Quarantined", external ? 3 : 0],
    ["Failed", 4],
    ["Pending", recent ? 10 : 0],
    ["GettingStatus", recent ? 10 : 0],
    ["None", 1.5],
  ] as const);
}

function externalAddress(rng: Rng): string {
  return `${rng.pick(SENDER_NAMES)}@${rng.pick(EXTERNAL_DOMAINS)}`;
}

function randomMessage(rng: Rng, people: Person[], received: Date, recent: boolean): TraceMessage {
  const direction = rng.weighted([
    ["inbound", 50],
    ["outbound", 25],
    ["internal", 22],
    ["list", 3],
  ] as const);
  const sender = rng.pick(people);
  const domain = direction === "inbound" ? rng.pick(EXTERNAL_DOMAINS) : TENANT_DOMAIN;
  const msg: TraceMessage = {
    messageTraceId: rng.guid(),
    messageId: `<${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}@${domain}>`,
    received,
    sender: direction === "inbound" ? externalAddress(rng) : sender.upn,
    subject: rng.pick(SUBJECTS),
    size: rng.int(2_000, rng.chance(0.1) ? 5_000_000 : 120_000),
    fromIP:
      direction === "inbound" ? `203.0.113.${rng.int(1, 50)}` : rng.pick([...OFFICE_IPS, sender.homeIp]),
    recipients: [],
  };
  if (direction === "list") {
    msg.recipients.push({ address: DISTRIBUTION_LIST, status: "Expanded", toIP: null });
    const members = new Set<string>();
    while (members.size < 3) members.add(rng.pick(people).upn);
    for (const address of members) msg.recipients.push({ address, status: "Delivered", toIP: null });
    return msg;
  }
  const count = rng.weighted([
    [1, 75],
    [2, 18],
    [3, 7],
  ] as const);
  const seen = new Set<string>();
  for (let i = 0; i < count; i++) {
    const address = direction === "outbound" ? externalAddress(rng) : rng.pick(people).upn;
    if (seen.has(address) || address === msg.sender) continue;
    seen.add(address);
    msg.recipients.push({
      address,
      status: statusFor(rng, recent, direction === "inbound"),
      toIP: direction === "outbound" ? `203.0.113.${rng.int(100, 150)}` : null,
    });
  }
  if (msg.recipients.length === 0)
    msg.recipients.push({ address: DISTRIBUTION_LIST, status: "Expanded", toIP: null });
  return msg;
}

/** Expands messages into per-recipient rows with details. */
export function toTraceRows(seed: number, messages: TraceMessage[]): EmuTrace[] {
  const rows: EmuTrace[] = [];
  for (const msg of messages) {
    msg.recipients.forEach((rcpt, i) => {
      const rng = rngFor(seed, "trace-detail", msg.messageTraceId, i);
      rows.push({
        messageTraceId: msg.messageTraceId,
        messageId: msg.messageId,
        received: msg.received,
        senderAddress: msg.sender,
        recipientAddress: rcpt.address,
        subject: msg.subject,
        status: rcpt.status,
        size: msg.size,
        fromIP: msg.fromIP,
        toIP: rcpt.toIP,
        organization: TENANT_DOMAIN,
        details: traceDetails(rng, msg, rcpt),
      });
    });
  }
  return rows;
}

/** Background mail flow over the history window: about eight messages per user per day. */
export function randomMessages(seed: number, dir: Directory, now: Date, days: number): TraceMessage[] {
  const rng = rngFor(seed, "traces");
  const end = now.getTime() - 2 * MINUTE;
  const start = now.getTime() - days * 24 * 60 * MINUTE;
  const total = Math.round(days * dir.people.length * 8);
  const messages: TraceMessage[] = [];
  for (let i = 0; i < total; i++) {
    const received = new Date(Math.floor((start + rng.next() * (end - start)) / 1000) * 1000);
    const recent = end - received.getTime() < 6 * 60 * MINUTE;
    messages.push(randomMessage(rng, dir.people, received, recent));
  }
  return messages;
}

/**
 * One internal message its sender recalled, three hours before the end of the history: Graph's newer
 * `recalled` status (o365-api.md 3.2). Built apart from the random flow so the seed's other messages stay
 * the same.
 */
export function recalledMessage(seed: number, dir: Directory, now: Date): TraceMessage {
  const rng = rngFor(seed, "trace-recalled");
  const [sender, recipient] = [dir.people[1 % dir.people.length], dir.people[2 % dir.people.length]];
  return {
    messageTraceId: rng.guid(),
    messageId: `<${rng.hex(8)}-${rng.hex(4)}-${rng.hex(4)}@${TENANT_DOMAIN}>`,
    received: new Date(Math.floor((now.getTime() - 3 * 60 * MINUTE) / 1000) * 1000),
    sender: sender.upn,
    subject: "Salary review draft (sent by mistake)",
    size: 48_211,
    fromIP: sender.homeIp,
    recipients: [{ address: recipient.upn, status: "Recalled", toIP: null }],
  };
}
