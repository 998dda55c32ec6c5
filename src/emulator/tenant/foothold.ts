// The incident's first foothold, 21 days before the demo's now: older than the Management Activity feed's
// 7 days, so only the Purview audit search finds it (audit-search-api.md 4.4, 180-day retention). The
// compromised user signs in from the attacker's IP, then consents to an OAuth app, "Invoice Viewer", that
// can read their mail: Entra writes "Add delegated permission grant." and "Consent to application."
// (RecordType 8, Workload AzureActiveDirectory). The consent record's ModifiedProperties follow the
// ConsentContext.* / ConsentAction.Permissions layout detection rules parse (e.g. Splunk's
// o365_tenant_wide_admin_consent_granted reads ConsentAction.Permissions at index 4, "ConsentType: ...,
// Scope: ..."); like other directory audit records its ClientIP is null and the address is ActorIpAddress.
import type { IncidentFacts } from "../types.js";
import type { Directory, Person } from "./directory.js";
import { TENANT_DOMAIN } from "./directory.js";
import { ATTACKER_IP, type FootholdFactKey } from "./incident.js";
import { type Rng, rngFor } from "./random.js";
import { type AuditRecord, baseRecord, type RecordContext, UserType } from "./records/common.js";
import { signIn } from "./records/entra.js";

const HOUR = 3_600_000;
const MINUTE = 60_000;
/** How long before now the foothold happened (issue: "21 days before the demo starts"). */
export const FOOTHOLD_DAYS_BEFORE = 21;
export const CONSENT_APP_NAME = "Invoice Viewer";
const CONSENT_SCOPE = "Mail.Read Mail.Send offline_access User.Read";
const GRAPH_RESOURCE_SP = "00000003-0000-0000-c000-000000000000";
const ATTACKER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0";

export type FootholdFacts = Pick<IncidentFacts, FootholdFactKey>;

export interface PlannedFoothold {
  facts: FootholdFacts;
  records: Array<{ contentType: string; time: Date; record: AuditRecord; lagMs?: number }>;
}

export function planFoothold(
  seed: number,
  now: Date,
  dir: Directory,
  ctx: RecordContext,
  victimUpn: string,
): PlannedFoothold {
  const rng = rngFor(seed, "foothold");
  const victim = dir.people.find((p) => p.upn === victimUpn) ?? dir.people[3];
  const base = now.getTime() - FOOTHOLD_DAYS_BEFORE * 24 * HOUR;
  const at = (offsetMs: number): Date => new Date(Math.floor((base + offsetMs) / 1000) * 1000);
  const times = { signIn: at(0), grant: at(4 * MINUTE), consent: at(4 * MINUTE + 2000) };
  const app = { appId: rng.guid(), spObjectId: rng.guid() };
  const facts: FootholdFacts = {
    footholdSignIn: times.signIn.toISOString(),
    consentGranted: times.consent.toISOString(),
    consentAppName: CONSENT_APP_NAME,
    consentAppId: app.appId,
  };
  const records: PlannedFoothold["records"] = [
    {
      contentType: "Audit.AzureActiveDirectory",
      time: times.signIn,
      record: signIn(rng, ctx, {
        person: victim,
        time: times.signIn,
        ip: ATTACKER_IP,
        os: "Linux",
        browser: "Firefox 115.0",
        userAgent: ATTACKER_USER_AGENT,
        appId: "4765445b-32c6-49b0-83e6-1d93765276ca",
      }),
    },
    {
      contentType: "Audit.AzureActiveDirectory",
      time: times.grant,
      record: consentRecord(rng, ctx, victim, times.grant, app, "Add delegated permission grant."),
    },
    {
      contentType: "Audit.AzureActiveDirectory",
      time: times.consent,
      record: consentRecord(rng, ctx, victim, times.consent, app, "Consent to application."),
    },
  ];
  return { facts, records };
}

/** A user's own consent (not admin, delegated, this user only) to the app, by the user, from the attacker. */
function consentRecord(
  rng: Rng,
  ctx: RecordContext,
  victim: Person,
  time: Date,
  app: { appId: string; spObjectId: string },
  operation: "Consent to application." | "Add delegated permission grant.",
): AuditRecord {
  const grantId = rng.hex(43);
  const permissions = `[] => [[Id: ${grantId}, ClientId: ${app.spObjectId}, PrincipalId: ${victim.objectId}, ResourceId: ${GRAPH_RESOURCE_SP}, ConsentType: Principal, Scope: ${CONSENT_SCOPE}, CreatedDateTime: , LastModifiedDateTime ]]; `;
  const modified =
    operation === "Consent to application."
      ? [
          { Name: "ConsentContext.IsAdminConsent", NewValue: "False", OldValue: "" },
          { Name: "ConsentContext.IsAppOnly", NewValue: "False", OldValue: "" },
          { Name: "ConsentContext.OnBehalfOfAll", NewValue: "False", OldValue: "" },
          { Name: "ConsentContext.Tags", NewValue: "WindowsAzureActiveDirectoryIntegratedApp", OldValue: "" },
          { Name: "ConsentAction.Permissions", NewValue: permissions, OldValue: "" },
          { Name: "TargetId.ServicePrincipalNames", NewValue: app.appId, OldValue: "" },
        ]
      : [
          { Name: "DelegatedPermissionGrant.Scope", NewValue: CONSENT_SCOPE, OldValue: "" },
          { Name: "DelegatedPermissionGrant.ConsentType", NewValue: "Principal", OldValue: "" },
          { Name: "ServicePrincipal.ObjectID", NewValue: app.spObjectId, OldValue: "" },
        ];
  return {
    ...baseRecord(rng, ctx, {
      time,
      recordType: 8,
      operation,
      workload: "AzureActiveDirectory",
      userId: victim.upn,
      userKey: `${victim.puid}@${TENANT_DOMAIN}`,
      userType: UserType.Regular,
      clientIp: null,
      objectId: app.spObjectId,
      resultStatus: "Success",
    }),
    AzureActiveDirectoryEventType: 1,
    ExtendedProperties: [
      { Name: "additionalDetails", Value: `{"User-Agent":"${ATTACKER_USER_AGENT}"}` },
      { Name: "extendedAuditEventCategory", Value: "ServicePrincipal" },
    ],
    ModifiedProperties: modified,
    Actor: [
      { ID: victim.upn, Type: 5 },
      { ID: victim.puid, Type: 3 },
      { ID: `User_${victim.objectId}`, Type: 2 },
    ],
    ActorContextId: ctx.orgId,
    ActorIpAddress: ATTACKER_IP,
    InterSystemsId: rng.guid(),
    IntraSystemId: rng.guid(),
    SupportTicketId: "",
    Target: [
      { ID: `ServicePrincipal_${app.spObjectId}`, Type: 2 },
      { ID: app.spObjectId, Type: 2 },
      { ID: "ServicePrincipal", Type: 2 },
      { ID: CONSENT_APP_NAME, Type: 1 },
      { ID: app.appId, Type: 2 },
      { ID: app.appId, Type: 4 },
    ],
    TargetContextId: ctx.orgId,
  };
}
