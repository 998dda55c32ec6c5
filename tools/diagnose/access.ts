// diagnose, part 1: what the credentials can do (tokens, their claims, the certificate's expiry) and the
// exact fix for each gap.
import { X509Certificate } from "node:crypto";
import { z } from "zod";
import type { Api } from "../../src/config/types.js";
import { isO365Error } from "../../src/errors.js";
import type { ToolContext } from "../../src/mcp/tool-context.js";

export type Status = "ok" | "warn" | "fail";
export interface Check {
  name: string;
  status: Status;
  detail: string;
  fix?: string;
}

/** DLP.All is refused with AF10001 without this, even when ActivityFeed.Read is granted (o365-api.md 1.3). */
export const DLP_PERMISSION = "ActivityFeed.ReadDlp";

/** A token check plus what the token carries, for checks that depend on other answers (DLP.All). */
export interface TokenCheck extends Check {
  permissions?: { granted: string[]; delegated: boolean };
}

export const NEEDED: Record<Api, { required: string; resource: string }> = {
  management: { required: "ActivityFeed.Read", resource: "Office 365 Management APIs" },
  graph: { required: "ExchangeMessageTrace.Read.All", resource: "Microsoft Graph" },
  reporting: { required: "ReportingWebService.Read.All", resource: "Office 365 Exchange Online" },
};
export const DIRECTORY_ROLE =
  "assign the app the directory role Global Reader (or Security Reader) in Entra > Roles and administrators";
export const GRAPH_SP_FIX =
  "Provision Microsoft's message-trace service principal once per tenant (Connect-MgGraph -Scopes Application.ReadWrite.All; " +
  "New-MgServicePrincipal -AppId 8bd644d1-64a1-4d4b-ae52-2e0cbf64e373), then allow a few hours for it to propagate.";
export const AUDIT_FIX =
  "Turn on unified audit logging: Microsoft Purview portal > Audit > 'Start recording user and admin activity' " +
  "(or Exchange Online PowerShell: Set-AdminAuditLogConfig -UnifiedAuditLogIngestionEnabled $true); it can take hours to take effect.";

const claimsSchema = z.looseObject({
  aud: z.union([z.string(), z.array(z.string())]).optional(),
  tid: z.string().optional(),
  appid: z.string().optional(),
  azp: z.string().optional(),
  roles: z.array(z.string()).optional(),
  scp: z.string().optional(),
  exp: z.number().optional(),
});

/** The JWT payload claims we report; the token itself never leaves this function. */
export function tokenClaims(token: string): z.infer<typeof claimsSchema> | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const parsed = claimsSchema.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function permissionFix(api: Api, perm: string, delegated: boolean): string {
  const kind = delegated ? "Delegated" : "Application";
  const role = api === "reporting" ? `; also ${DIRECTORY_ROLE}` : "";
  return `Entra admin center > App registrations > your app > API permissions > Add a permission > ${NEEDED[api].resource} > ${kind} permissions > ${perm}, then 'Grant admin consent'${role}.`;
}

export function errorText(e: unknown): { detail: string; hint?: string; status?: number; code?: string } {
  if (isO365Error(e))
    return { detail: `[${e.code}] ${e.message}`, hint: e.hint, status: e.status, code: e.code };
  return { detail: (e as Error)?.message ?? String(e) };
}

export async function tokenCheck(api: Api, ctx: ToolContext): Promise<TokenCheck> {
  const name = `token ${api}`;
  const { config } = ctx.deps;
  try {
    const { token, expiresOn } = await ctx.deps.tokens.getToken(api, ctx.signal);
    const claims = tokenClaims(token);
    if (!claims)
      return {
        name,
        status: "warn",
        detail: "Token acquired, but it is not a JWT: its roles cannot be read.",
      };
    const perms = [...(claims.roles ?? []), ...(claims.scp?.split(" ").filter(Boolean) ?? [])];
    const delegated = claims.scp !== undefined && claims.roles === undefined;
    const detail = `aud=${[claims.aud].flat().join(",")} tid=${claims.tid ?? "?"} appid=${claims.appid ?? claims.azp ?? "?"} ${delegated ? "scp" : "roles"}=[${perms.join(", ")}] expires=${expiresOn.toISOString()}`;
    if (claims.tid && claims.tid.toLowerCase() !== config.tenantId.toLowerCase()) {
      return {
        name,
        status: "fail",
        detail: `${detail}; the token's tenant differs from O365_TENANT_ID ${config.tenantId} (AF20010).`,
        fix: "Set O365_TENANT_ID to the tenant GUID the app's token is issued for (the tid claim).",
      };
    }
    const need = NEEDED[api];
    if (!perms.includes(need.required)) {
      return {
        name,
        status: "fail",
        detail: `${detail}; missing ${need.required}.`,
        fix: permissionFix(api, need.required, delegated),
      };
    }
    return { name, status: "ok", detail, permissions: { granted: perms, delegated } };
  } catch (e) {
    const err = errorText(e);
    return {
      name,
      status: "fail",
      detail: `No token: ${err.detail}`,
      fix: err.hint ?? "Check O365_TENANT_ID, O365_CLIENT_ID and the client secret or certificate.",
    };
  }
}

/**
 * ActivityFeed.ReadDlp: a failure when DLP.All is subscribed or asked about (every DLP.All call answers
 * AF10001 without it), a warning otherwise.
 */
export function dlpPermissionCheck(
  permissions: { granted: string[]; delegated: boolean },
  dlpWanted: { subscribed: boolean; asked: boolean },
): Check {
  const name = `permission ${DLP_PERMISSION}`;
  if (permissions.granted.includes(DLP_PERMISSION))
    return { name, status: "ok", detail: "Granted: DLP.All can be listed and fetched." };
  const fix = permissionFix("management", DLP_PERMISSION, permissions.delegated);
  const refused =
    "Microsoft refuses every DLP.All request without it (AF10001), even with ActivityFeed.Read.";
  if (dlpWanted.subscribed || dlpWanted.asked) {
    const why = dlpWanted.subscribed ? "DLP.All is subscribed" : "DLP.All was asked about";
    return { name, status: "fail", detail: `Missing, and ${why}: ${refused}`, fix };
  }
  return { name, status: "warn", detail: `Missing: needed only for DLP.All. ${refused}`, fix };
}

export function certificateCheck(pem: string | undefined, now: Date): Check[] {
  const block = pem?.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/)?.[0];
  if (!block) return [];
  try {
    const validTo = new Date(new X509Certificate(block).validTo);
    const days = Math.floor((validTo.getTime() - now.getTime()) / 86_400_000);
    const fix =
      "Create a new certificate, upload it under the app registration's Certificates & secrets, and point O365_CLIENT_CERT_FILE at it.";
    if (days < 0)
      return [
        { name: "client certificate", status: "fail", detail: `Expired on ${validTo.toISOString()}.`, fix },
      ];
    if (days < 30)
      return [
        {
          name: "client certificate",
          status: "warn",
          detail: `Expires in ${days} days (${validTo.toISOString()}).`,
          fix,
        },
      ];
    return [{ name: "client certificate", status: "ok", detail: `Valid until ${validTo.toISOString()}.` }];
  } catch (e) {
    return [
      {
        name: "client certificate",
        status: "warn",
        detail: `Could not read the certificate: ${(e as Error).message}`,
      },
    ];
  }
}
