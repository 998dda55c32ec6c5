// Benign records that resemble the incident (design.md 9) so a detector is proved both ways: an inbox
// rule "Move newsletters" filing mail in an internal folder, a rule forwarding to a colleague inside the
// tenant, an administrator's consent to a Microsoft first-party app (Microsoft Graph Command Line Tools),
// and a user travelling abroad whose every IP has its own session. Drawn from their own random stream, so
// the rest of the tenant is unchanged.
import type { LookalikeFacts } from "../types.js";
import type { Directory } from "./directory.js";
import { TENANT_DOMAIN } from "./directory.js";
import { rngFor } from "./random.js";
import { type AuditRecord, baseRecord, type RecordContext, UserType } from "./records/common.js";
import { signIn } from "./records/entra.js";
import { newInboxRule, updateInboxRules } from "./records/exchange.js";

const HOUR = 3_600_000;
/** Microsoft Graph Command Line Tools (Microsoft Graph PowerShell): a Microsoft first-party app id. */
const GRAPH_POWERSHELL = {
  id: "14d82eec-204b-4c2f-b7e8-296a70dab67e",
  name: "Microsoft Graph Command Line Tools",
};
/** A hotel network abroad (RFC 2544 benchmarking range: clearly synthetic). */
const HOTEL_IP = "198.18.7.23";

export interface PlannedLookalikes {
  facts: LookalikeFacts;
  records: Array<{ contentType: string; time: Date; record: AuditRecord; lagMs?: number }>;
}

/** Consent to application. as Entra directory audit writes it (RecordType 8, o365-api.md 1.9). */
function firstPartyConsent(rng: ReturnType<typeof rngFor>, ctx: RecordContext, time: Date): AuditRecord {
  const admin = ctx.dir.admins[0];
  const spObjectId = rng.guid();
  return {
    ...baseRecord(rng, ctx, {
      time,
      recordType: 8,
      operation: "Consent to application.",
      workload: "AzureActiveDirectory",
      userId: admin.upn,
      userKey: `${admin.puid}@${TENANT_DOMAIN}`,
      userType: UserType.Admin,
      clientIp: null,
      objectId: GRAPH_POWERSHELL.id,
      resultStatus: "Success",
    }),
    AzureActiveDirectoryEventType: 1,
    ExtendedProperties: [{ Name: "additionalDetails", Value: `{"User-Agent":"Mozilla/5.0"}` }],
    ModifiedProperties: [
      { Name: "ConsentContext.IsAdminConsent", NewValue: "True", OldValue: "" },
      { Name: "ConsentContext.OnBehalfOfAll", NewValue: "True", OldValue: "" },
      {
        Name: "ConsentAction.Permissions",
        NewValue: `[] => [[Id: ${rng.hex(16)}, ClientId: ${spObjectId}, PrincipalId: , ResourceId: ${rng.guid()}, ConsentType: AllPrincipals, Scope:  User.Read.All Group.Read.All, CreatedDateTime: , LastModifiedDateTime ]]; `,
        OldValue: "",
      },
      { Name: "TargetId.ServicePrincipalNames", NewValue: GRAPH_POWERSHELL.id, OldValue: "" },
    ],
    Actor: [
      { ID: admin.upn, Type: 5 },
      { ID: `User_${admin.objectId}`, Type: 2 },
    ],
    ActorContextId: ctx.orgId,
    ActorIpAddress: "192.0.2.10",
    Target: [
      { ID: `ServicePrincipal_${spObjectId}`, Type: 2 },
      { ID: GRAPH_POWERSHELL.name, Type: 1 },
      { ID: GRAPH_POWERSHELL.id, Type: 2 },
    ],
    TargetContextId: ctx.orgId,
  };
}

export function planLookalikes(
  seed: number,
  now: Date,
  dir: Directory,
  ctx: RecordContext,
): PlannedLookalikes {
  const rng = rngFor(seed, "lookalikes");
  const at = (hoursBefore: number): Date =>
    new Date(Math.floor((now.getTime() - hoursBefore * HOUR) / 1000) * 1000);
  // Ordinary users the incident does not pick (it takes index % 5 === seed % 5 after the admins).
  const pool = dir.people.slice(3).filter((_, i) => i % 5 === (seed + 2) % 5);
  const [filer, forwarder, colleague, traveller] = pool;
  const newsletter = newInboxRule(rng, ctx, {
    person: filer,
    time: at(30),
    clientIp: filer.homeIp,
    ruleName: "Move newsletters",
    parameters: [
      { Name: "From", Value: "news@fabrikam.example" },
      { Name: "MoveToFolder", Value: "Newsletters" },
    ],
  });
  const forward = updateInboxRules(rng, ctx, {
    person: forwarder,
    time: at(26),
    clientIp: forwarder.homeIp,
    ruleName: `Forward to ${colleague.displayName}`,
    parameters: [{ Name: "ForwardTo", Value: colleague.upn }],
  });
  const consent = firstPartyConsent(rng, ctx, at(22));
  // Abroad: a home sign-in, then two sign-ins from the hotel, each with its own session.
  const trip = [at(40), at(14), at(12)].map((time, i) =>
    signIn(rng, ctx, {
      person: traveller,
      time,
      ip: i === 0 ? traveller.homeIp : HOTEL_IP,
      userAgent: traveller.device.userAgent,
      os: traveller.device.os,
      browser: traveller.device.browser,
      appId: "4765445b-32c6-49b0-83e6-1d93765276ca",
    }),
  );
  return {
    facts: {
      newsletterRule: { user: filer.upn, ruleName: "Move newsletters", recordId: String(newsletter.Id) },
      internalForward: {
        user: forwarder.upn,
        ruleName: `Forward to ${colleague.displayName}`,
        to: colleague.upn,
        recordId: String(forward.Id),
      },
      firstPartyConsent: {
        admin: dir.admins[0].upn,
        appId: GRAPH_POWERSHELL.id,
        appName: GRAPH_POWERSHELL.name,
        recordId: String(consent.Id),
      },
      traveller: { user: traveller.upn, ip: HOTEL_IP, recordIds: trip.map((r) => String(r.Id)) },
    },
    records: [
      { contentType: "Audit.Exchange", time: at(30), record: newsletter },
      { contentType: "Audit.Exchange", time: at(26), record: forward },
      { contentType: "Audit.AzureActiveDirectory", time: at(22), record: consent },
      ...trip.map((record, i) => ({
        contentType: "Audit.AzureActiveDirectory",
        time: [at(40), at(14), at(12)][i],
        record,
      })),
    ],
  };
}
