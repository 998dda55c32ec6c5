// Audit.AzureActiveDirectory records: sign-ins (RecordType 15, UserLoggedIn / UserLoginFailed) and
// directory audit (RecordType 8). Sign-ins follow real captures, not the schema text (o365-api.md 1.9,
// Entra STS logon): ClientIP equals ActorIpAddress, success is "Succeeded" or "Success" (both occur), and a
// UserLoginFailed says "Failed" with a non-zero ErrorNumber and a LogonError. Directory audit keeps a null
// ClientIP, the address in ActorIpAddress.
import type { Person } from "../directory.js";
import { OFFICE_IPS, TENANT_DOMAIN } from "../directory.js";
import type { Rng } from "../random.js";
import {
  type AuditRecord,
  baseRecord,
  type RecordContext,
  type RecordGenerator,
  UserType,
  usualIp,
} from "./common.js";

const APPS = [
  { id: "00000002-0000-0ff1-ce00-000000000000", name: "Office 365 Exchange Online" },
  { id: "4765445b-32c6-49b0-83e6-1d93765276ca", name: "OfficeHome" },
  { id: "00000003-0000-0ff1-ce00-000000000000", name: "Office 365 SharePoint Online" },
  { id: "1fec8e78-bce4-4aaf-ab1b-5451cc387264", name: "Microsoft Teams" },
];
const FAILURES = [
  { code: "50126", error: "InvalidUserNameOrPassword" },
  { code: "50074", error: "UserStrongAuthClientAuthNRequiredInterrupt" },
  { code: "50053", error: "IdsLocked" },
];

export interface SignInInput {
  person: Person;
  time: Date;
  ip: string;
  userAgent: string;
  os: string;
  browser: string;
  appId: string;
  /** Undefined for a success. */
  failure?: { code: string; error: string };
  /** The Entra session (DeviceProperties SessionId); default a new one. */
  sessionId?: string;
}

/** The 2026 capture's spelling of success; the older captures say "Succeeded". */
const MODERN_SUCCESS_SHARE = 0.4;

/** UserLoggedIn / UserLoginFailed (RecordType 15). */
export function signIn(rng: Rng, ctx: RecordContext, input: SignInInput): AuditRecord {
  const { person, failure } = input;
  const success = rng.fork("result-status").chance(MODERN_SUCCESS_SHARE) ? "Success" : "Succeeded";
  const record: AuditRecord = {
    ...baseRecord(rng, ctx, {
      time: input.time,
      recordType: 15,
      operation: failure ? "UserLoginFailed" : "UserLoggedIn",
      workload: "AzureActiveDirectory",
      userId: person.upn,
      userKey: person.objectId,
      userType: UserType.Regular,
      clientIp: input.ip,
      objectId: input.appId,
      resultStatus: failure ? "Failed" : success,
    }),
    AzureActiveDirectoryEventType: 1,
    ExtendedProperties: [
      { Name: "ResultStatusDetail", Value: failure ? "Redirect" : "Success" },
      { Name: "UserAgent", Value: input.userAgent },
      { Name: "RequestType", Value: "OAuth2:Authorize" },
    ],
    ModifiedProperties: [],
    Actor: [
      { ID: person.objectId, Type: 0 },
      { ID: person.upn, Type: 5 },
    ],
    ActorContextId: ctx.orgId,
    ActorIpAddress: input.ip,
    InterSystemsId: rng.guid(),
    IntraSystemId: rng.guid(),
    SupportTicketId: "",
    Target: [{ ID: input.appId, Type: 0 }],
    TargetContextId: ctx.orgId,
    ApplicationId: input.appId,
    DeviceProperties: [
      { Name: "OS", Value: input.os },
      { Name: "BrowserType", Value: input.browser },
      { Name: "IsCompliantAndManaged", Value: "False" },
      // Drawn even when given, so the records after this one stay the same.
      { Name: "SessionId", Value: [rng.guid()].map((drawn) => input.sessionId ?? drawn)[0] },
    ],
    ErrorNumber: failure ? failure.code : "0",
    ErrorCode: failure ? failure.code : "0",
  };
  if (failure) record.LogonError = failure.error;
  return record;
}

function directoryAudit(rng: Rng, ctx: RecordContext, time: Date): AuditRecord {
  const admin = rng.pick(ctx.dir.admins);
  const target = rng.pick(ctx.dir.people);
  const [operation, modified] = rng.pick([
    ["Update user.", [{ Name: "Department", NewValue: `["${target.department}"]`, OldValue: "[]" }]],
    ["Reset user password.", []],
    ["Add member to group.", [{ Name: "Group.DisplayName", NewValue: "Finance Team", OldValue: "" }]],
    ["Add user.", [{ Name: "AccountEnabled", NewValue: "[true]", OldValue: "[]" }]],
  ] as const);
  return {
    ...baseRecord(rng, ctx, {
      time,
      recordType: 8,
      operation,
      workload: "AzureActiveDirectory",
      userId: admin.upn,
      userKey: `${admin.puid}@${TENANT_DOMAIN}`,
      userType: UserType.Admin,
      clientIp: null,
      objectId: target.upn,
      resultStatus: "Success",
    }),
    AzureActiveDirectoryEventType: 1,
    ExtendedProperties: [
      { Name: "additionalDetails", Value: "{}" },
      { Name: "extendedAuditEventCategory", Value: "User" },
    ],
    ModifiedProperties: modified.map((m) => ({ ...m })),
    Actor: [
      { ID: admin.upn, Type: 5 },
      { ID: admin.puid, Type: 3 },
      { ID: `User_${admin.objectId}`, Type: 2 },
    ],
    ActorContextId: ctx.orgId,
    ActorIpAddress: rng.pick(OFFICE_IPS),
    InterSystemsId: rng.guid(),
    IntraSystemId: rng.guid(),
    SupportTicketId: "",
    Target: [
      { ID: `User_${target.objectId}`, Type: 2 },
      { ID: target.upn, Type: 5 },
    ],
    TargetContextId: ctx.orgId,
  };
}

export const entraRecord: RecordGenerator = (rng, time, ctx) => {
  if (rng.chance(0.12)) return directoryAudit(rng, ctx, time);
  const person = rng.pick(ctx.dir.people);
  return signIn(rng, ctx, {
    person,
    time,
    ip: usualIp(rng, person, OFFICE_IPS),
    userAgent: person.device.userAgent,
    os: person.device.os,
    browser: person.device.browser,
    appId: rng.pick(APPS).id,
    failure: rng.chance(0.1) ? rng.pick(FAILURES) : undefined,
  });
};
