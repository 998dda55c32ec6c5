// Audit.Exchange records: mailbox activity (RecordType 2, 3, 50) and admin cmdlets (RecordType 1),
// with the field names of o365-api.md 1.9 (Exchange mailbox / Exchange admin), including the shapes real
// captures show beside the documented ones: UpdateInboxRules (rules made from Outlook desktop), the
// AttachmentAccess variant of RecordType 50, and system-generated admin records without ClientIP. Those
// variants draw from forked streams (Rng.fork), so the records that existed before them are unchanged.
import type { Person } from "../directory.js";
import { OFFICE_IPS, TENANT_DOMAIN } from "../directory.js";
import type { Rng } from "../random.js";
import {
  type AuditRecord,
  baseRecord,
  exchangeServer,
  messageId,
  type RecordContext,
  type RecordGenerator,
  UserType,
  usualIp,
} from "./common.js";

const SUBJECTS = [
  "Weekly digest",
  "Re: Budget review",
  "Lunch on Friday?",
  "Project status",
  "FW: Contract",
  "Meeting notes",
  "Re: Q3 numbers",
  "Travel request",
  "Customer follow-up",
  "Re: Roadmap",
];
const EXO_APP_ID = "00000002-0000-0ff1-ce00-000000000000";

function mailboxFields(rng: Rng, person: Person, clientIp: string, clientInfo: string): AuditRecord {
  return {
    AppId: EXO_APP_ID,
    ClientAppId: "",
    ClientIPAddress: clientIp,
    ClientInfoString: clientInfo,
    ExternalAccess: false,
    InternalLogonType: 0,
    LogonType: 0,
    LogonUserSid: person.sid,
    MailboxGuid: person.mailboxGuid,
    MailboxOwnerSid: person.sid,
    MailboxOwnerUPN: person.upn,
    OrganizationName: TENANT_DOMAIN,
    OriginatingServer: `${exchangeServer(rng)} (15.20.7316.023)`,
    SessionId: rng.guid(),
  };
}

export interface MailAccessInput {
  person: Person;
  time: Date;
  clientIp: string;
  clientInfo: string;
  /** Internet message ids of the messages read. */
  messages: string[];
}

/** MailItemsAccessed: an aggregated mailbox record (RecordType 50). */
export function mailItemsAccessed(rng: Rng, ctx: RecordContext, input: MailAccessInput): AuditRecord {
  const { person } = input;
  return {
    ...baseRecord(rng, ctx, {
      time: input.time,
      recordType: 50,
      operation: "MailItemsAccessed",
      workload: "Exchange",
      userId: person.upn,
      userKey: person.puid,
      userType: UserType.Regular,
      clientIp: input.clientIp,
      resultStatus: "Succeeded",
    }),
    ...mailboxFields(rng, person, input.clientIp, input.clientInfo),
    OperationCount: input.messages.length,
    OperationProperties: [
      { Name: "MailAccessType", Value: "Bind" },
      { Name: "IsThrottled", Value: "False" },
    ],
    Folders: [
      {
        FolderItems: input.messages.map((id) => ({
          InternetMessageId: id,
          SizeInBytes: rng.int(4000, 90000),
        })),
        Id: `LgAAAA${rng.hex(24)}`,
        Path: "\\Inbox",
      },
    ],
  };
}

function send(rng: Rng, ctx: RecordContext, person: Person, time: Date): AuditRecord {
  const ip = usualIp(rng, person, OFFICE_IPS);
  return {
    ...baseRecord(rng, ctx, {
      time,
      recordType: 2,
      operation: "Send",
      workload: "Exchange",
      userId: person.upn,
      userKey: person.puid,
      userType: UserType.Regular,
      clientIp: ip,
      resultStatus: "Succeeded",
      objectId: "",
    }),
    ...mailboxFields(rng, person, ip, person.device.clientInfo),
    Item: {
      Id: `RgAAAA${rng.hex(32)}`,
      InternetMessageId: messageId(rng, TENANT_DOMAIN),
      ParentFolder: { Id: `LgAAAA${rng.hex(24)}`, Path: "\\Sent Items" },
      SizeInBytes: rng.int(3000, 400000),
      Subject: rng.pick(SUBJECTS),
    },
  };
}

function moveToDeleted(rng: Rng, ctx: RecordContext, person: Person, time: Date): AuditRecord {
  const ip = usualIp(rng, person, OFFICE_IPS);
  const operation = rng.chance(0.7) ? "MoveToDeletedItems" : "SoftDelete";
  return {
    ...baseRecord(rng, ctx, {
      time,
      recordType: 3,
      operation,
      workload: "Exchange",
      userId: person.upn,
      userKey: person.puid,
      userType: UserType.Regular,
      clientIp: ip,
      resultStatus: "Succeeded",
    }),
    ...mailboxFields(rng, person, ip, person.device.clientInfo),
    CrossMailboxOperation: false,
    Folder: { Id: `LgAAAA${rng.hex(24)}`, Path: "\\Inbox" },
    DestFolder:
      operation === "SoftDelete" ? undefined : { Id: `LgAAAA${rng.hex(24)}`, Path: "\\Deleted Items" },
    AffectedItems: [
      {
        Id: `RgAAAA${rng.hex(32)}`,
        InternetMessageId: messageId(rng, "fabrikam.example"),
        ParentFolder: { Id: `LgAAAA${rng.hex(24)}`, Path: "\\Inbox" },
        Subject: rng.pick(SUBJECTS),
      },
    ],
  };
}

export interface InboxRuleInput {
  person: Person;
  time: Date;
  clientIp: string;
  ruleName: string;
  /** Name/Value pairs beyond Name (e.g. ForwardTo, MoveToFolder). */
  parameters: Array<{ Name: string; Value: string }>;
}

/** New-InboxRule as the user's own cmdlet (RecordType 1, ResultStatus "True"). */
export function newInboxRule(rng: Rng, ctx: RecordContext, input: InboxRuleInput): AuditRecord {
  const { person } = input;
  return {
    ...baseRecord(rng, ctx, {
      time: input.time,
      recordType: 1,
      operation: "New-InboxRule",
      workload: "Exchange",
      userId: person.upn,
      userKey: person.puid,
      userType: UserType.Regular,
      clientIp: input.clientIp,
      resultStatus: "True",
      objectId: `EURPR01A001.prod.outlook.com/Microsoft Exchange Hosted Organizations/${TENANT_DOMAIN}/${person.displayName}\\${input.ruleName}`,
    }),
    AppId: EXO_APP_ID,
    ClientAppId: "",
    ExternalAccess: false,
    OrganizationName: TENANT_DOMAIN,
    OriginatingServer: `${exchangeServer(rng)} (15.20.7316.023)`,
    Parameters: [
      { Name: "AlwaysDeleteOutlookRulesBlob", Value: "False" },
      { Name: "Force", Value: "False" },
      { Name: "Name", Value: input.ruleName },
      ...input.parameters,
    ],
    SessionId: rng.guid(),
  };
}

/**
 * UpdateInboxRules: a rule made from Outlook desktop (MAPI), logged as a mailbox operation (RecordType 2)
 * with the rule in OperationProperties, not as New-InboxRule (o365-api.md 1.9, Exchange mailbox).
 */
export function updateInboxRules(rng: Rng, ctx: RecordContext, input: InboxRuleInput): AuditRecord {
  const { person } = input;
  const actions = input.parameters.filter((p) => p.Name !== "From");
  const from = input.parameters.find((p) => p.Name === "From");
  return {
    ...baseRecord(rng, ctx, {
      time: input.time,
      recordType: 2,
      operation: "UpdateInboxRules",
      workload: "Exchange",
      userId: person.upn,
      userKey: person.puid,
      userType: UserType.Regular,
      clientIp: input.clientIp,
      resultStatus: "Succeeded",
      objectId: "",
    }),
    ...mailboxFields(rng, person, input.clientIp, "Client=MSExchangeRPC"),
    ClientProcessName: "OUTLOOK.EXE",
    ClientVersion: "16.0.17928.20114",
    OperationProperties: [
      { Name: "RuleName", Value: input.ruleName },
      { Name: "RuleId", Value: String(rng.int(1_000_000, 9_999_999)) },
      { Name: "RuleOperation", Value: "AddMailboxRule" },
      { Name: "RuleState", Value: "Enabled" },
      { Name: "RuleCondition", Value: from ? `From:${from.Value}` : "" },
      { Name: "RuleActions", Value: actions.map((a) => `${a.Name}:${a.Value}`).join(";") },
    ],
  };
}

/**
 * RecordType 50 is not only MailItemsAccessed: an application reading attachments is logged as
 * AttachmentAccess with Messages/MessageItems, UserType 5, AppAccessContext, ClientIPAddress and no ClientIP
 * (o365-api.md 1.9, Exchange mailbox).
 */
function attachmentAccess(rng: Rng, ctx: RecordContext, person: Person, time: Date): AuditRecord {
  const appId = "d3590ed6-52b3-4102-aeff-aad2292ab01c";
  const ip = rng.pick(OFFICE_IPS);
  const record: AuditRecord = {
    ...baseRecord(rng, ctx, {
      time,
      recordType: 50,
      operation: "AttachmentAccess",
      workload: "Exchange",
      userId: person.upn,
      userKey: person.puid,
      userType: UserType.Application,
      clientIp: null,
      resultStatus: "Succeeded",
    }),
    ...mailboxFields(rng, person, ip, "Client=REST;Client=RESTSystem;"),
    AppAccessContext: {
      AADSessionId: rng.guid(),
      APIId: "00000003-0000-0000-c000-000000000000",
      ClientAppId: appId,
      ClientAppName: "Microsoft Office",
      CorrelationId: rng.guid(),
      UniqueTokenId: rng.hex(22),
    },
    OperationCount: 1,
    OperationProperties: [{ Name: "AttachmentAccessType", Value: "Read" }],
    Messages: [
      {
        Id: `LgAAAA${rng.hex(24)}`,
        Path: "\\Inbox",
        MessageItems: [{ Id: `RgAAAA${rng.hex(32)}`, SizeInBytes: rng.int(20_000, 900_000) }],
      },
    ],
  };
  delete record.ClientIP;
  return record;
}

/**
 * An admin record the service writes itself (NT AUTHORITY\SYSTEM, UserType 3): no ClientIP field at all
 * (o365-api.md 1.9, Exchange admin).
 */
function systemAdminCmdlet(rng: Rng, ctx: RecordContext, time: Date): AuditRecord {
  const target = rng.pick(ctx.dir.people);
  const system = "NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)";
  const operation = rng.pick(["Set-Mailbox", "Install-AdminAuditLogConfig"] as const);
  const record: AuditRecord = {
    ...baseRecord(rng, ctx, {
      time,
      recordType: 1,
      operation,
      workload: "Exchange",
      userId: system,
      userKey: system,
      userType: 3,
      clientIp: null,
      resultStatus: "True",
      objectId: operation === "Set-Mailbox" ? target.upn : "",
    }),
    ExternalAccess: true,
    OrganizationName: TENANT_DOMAIN,
    OriginatingServer: `${exchangeServer(rng)} (15.20.7316.023)`,
    Parameters:
      operation === "Set-Mailbox"
        ? [
            { Name: "Identity", Value: target.upn },
            { Name: "AuditEnabled", Value: "True" },
          ]
        : [{ Name: "AdminAuditLogConfig", Value: "Default" }],
  };
  delete record.ClientIP;
  return record;
}

function adminCmdlet(rng: Rng, ctx: RecordContext, time: Date): AuditRecord {
  const admin = rng.pick(ctx.dir.admins);
  const target = rng.pick(ctx.dir.people);
  const [operation, parameters] = rng.pick([
    [
      "Set-Mailbox",
      [
        { Name: "Identity", Value: target.upn },
        { Name: "AuditEnabled", Value: "True" },
      ],
    ],
    // Routine admin work only: delegation (Add-MailboxPermission) is a finding, never background noise.
    [
      "Set-CASMailbox",
      [
        { Name: "Identity", Value: target.upn },
        { Name: "ActiveSyncEnabled", Value: "False" },
      ],
    ],
    [
      "Set-MailboxAutoReplyConfiguration",
      [
        { Name: "Identity", Value: target.upn },
        { Name: "AutoReplyState", Value: "Enabled" },
      ],
    ],
  ] as const);
  return {
    ...baseRecord(rng, ctx, {
      time,
      recordType: 1,
      operation,
      workload: "Exchange",
      userId: admin.upn,
      userKey: admin.puid,
      userType: UserType.Admin,
      clientIp: rng.pick(OFFICE_IPS),
      resultStatus: "True",
      objectId: target.upn,
    }),
    ExternalAccess: false,
    ModifiedObjectResolvedName: target.displayName,
    OrganizationName: TENANT_DOMAIN,
    OriginatingServer: `${exchangeServer(rng)} (15.20.7316.023)`,
    Parameters: parameters.map((p) => ({ ...p })),
  };
}

export const exchangeRecord: RecordGenerator = (rng, time, ctx) => {
  const person = rng.pick(ctx.dir.people);
  const kind = rng.weighted([
    ["read", 55],
    ["send", 20],
    ["delete", 15],
    ["rule", 3],
    ["admin", 7],
  ] as const);
  const variant = rng.fork("variant");
  switch (kind) {
    case "read":
      if (variant.chance(0.08)) return attachmentAccess(variant, ctx, person, time);
      return mailItemsAccessed(rng, ctx, {
        person,
        time,
        clientIp: usualIp(rng, person, OFFICE_IPS),
        clientInfo: person.device.clientInfo,
        messages: Array.from({ length: rng.int(1, 4) }, () => messageId(rng, "fabrikam.example")),
      });
    case "send":
      return send(rng, ctx, person, time);
    case "delete":
      return moveToDeleted(rng, ctx, person, time);
    case "rule":
      // Benign rules: filing newsletters, never forwarding outside (only the incident does that); half are
      // made in Outlook desktop and logged as UpdateInboxRules.
      return (variant.chance(0.5) ? updateInboxRules : newInboxRule)(rng, ctx, {
        person,
        time,
        clientIp: usualIp(rng, person, OFFICE_IPS),
        ruleName: rng.pick(["Newsletters", "Move Jira mail", "Receipts"]),
        parameters: [
          { Name: "From", Value: rng.pick(["news@fabrikam.example", "jira@northwind.example"]) },
          { Name: "MoveToFolder", Value: "Newsletters" },
        ],
      });
    default:
      if (variant.chance(0.25)) return systemAdminCmdlet(variant, ctx, time);
      return adminCmdlet(rng, ctx, time);
  }
};
