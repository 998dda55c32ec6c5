// diagnose: a preflight doctor (design.md section 6). Every check runs on its own and a failure becomes a
// check result with the exact fix; the tool itself never fails because a check did.
import { X509Certificate } from "node:crypto";
import { z } from "zod";
import type { Api } from "../src/config/types.js";
import { isO365Error } from "../src/http/errors.js";
import type { HttpEvent } from "../src/http/types.js";
import { CONTENT_TYPES, type ContentType, type Subscription } from "../src/management/types.js";
import type { MessageTraceBackendName } from "../src/messagetrace/types.js";
import { renderText } from "../src/shape/text.js";
import { defineTool, type ToolContext } from "./types.js";

type Status = "ok" | "warn" | "fail";
interface Check {
  name: string;
  status: Status;
  detail: string;
  fix?: string;
}

const HOUR = 3_600_000;
const NEEDED: Record<Api, { required: string; optional?: string; resource: string }> = {
  management: {
    required: "ActivityFeed.Read",
    optional: "ActivityFeed.ReadDlp",
    resource: "Office 365 Management APIs",
  },
  graph: { required: "ExchangeMessageTrace.Read.All", resource: "Microsoft Graph" },
  reporting: { required: "ReportingWebService.Read.All", resource: "Office 365 Exchange Online" },
};
const DIRECTORY_ROLE =
  "assign the app the directory role Global Reader (or Security Reader) in Entra > Roles and administrators";
const GRAPH_SP_FIX =
  "Provision Microsoft's message-trace service principal once per tenant (Connect-MgGraph -Scopes Application.ReadWrite.All; " +
  "New-MgServicePrincipal -AppId 8bd644d1-64a1-4d4b-ae52-2e0cbf64e373), then allow a few hours for it to propagate.";
const AUDIT_FIX =
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

function permissionFix(api: Api, perm: string, delegated: boolean): string {
  const kind = delegated ? "Delegated" : "Application";
  const role = api === "reporting" ? `; also ${DIRECTORY_ROLE}` : "";
  return `Entra admin center > App registrations > your app > API permissions > Add a permission > ${NEEDED[api].resource} > ${kind} permissions > ${perm}, then 'Grant admin consent'${role}.`;
}

function errorText(e: unknown): { detail: string; hint?: string; status?: number; code?: string } {
  if (isO365Error(e))
    return { detail: `[${e.code}] ${e.message}`, hint: e.hint, status: e.status, code: e.code };
  return { detail: (e as Error)?.message ?? String(e) };
}

async function tokenCheck(api: Api, ctx: ToolContext): Promise<Check> {
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
    if (need.optional && !perms.includes(need.optional)) {
      return {
        name,
        status: "warn",
        detail: `${detail}; missing ${need.optional} (DLP.All records come without sensitive-data details).`,
        fix: permissionFix(api, need.optional, delegated),
      };
    }
    return { name, status: "ok", detail };
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

async function clockCheck(ctx: ToolContext): Promise<Check> {
  const { config, now } = ctx.deps;
  const url = `${config.endpoints.managementUrl.replace(/\/+$/, "")}/api/v1.0/${config.tenantId}/activity/feed/subscriptions/list`;
  try {
    const before = now().getTime();
    const res = await ctx.deps.http.request({
      api: "management",
      url,
      query: { PublisherIdentifier: config.publisherId },
      signal: ctx.signal,
      onEvent: (ev) => ctx.onHttpEvent(ev),
    });
    const local = (before + now().getTime()) / 2;
    const server = Date.parse(res.headers.date ?? "");
    if (Number.isNaN(server))
      return {
        name: "clock skew",
        status: "warn",
        detail: "The Management API sent no usable Date header; skew not measured.",
      };
    const skewS = Math.round((local - server) / 1000);
    const detail = `Local clock is ${Math.abs(skewS)} s ${skewS >= 0 ? "ahead of" : "behind"} the Management API (Date: ${new Date(server).toISOString()}).`;
    if (Math.abs(skewS) <= 60) return { name: "clock skew", status: "ok", detail };
    return {
      name: "clock skew",
      status: Math.abs(skewS) > 300 ? "fail" : "warn",
      detail: `${detail} Tokens (nbf/exp) and time windows (AF20030/AF20055) go wrong with skew.`,
      fix: "Synchronize the system clock with NTP (e.g. timedatectl set-ntp true, or w32tm /resync on Windows).",
    };
  } catch (e) {
    return { name: "clock skew", status: "warn", detail: `Not measured: ${errorText(e).detail}` };
  }
}

function subscriptionChecks(list: Subscription[]): Check[] {
  return CONTENT_TYPES.map((ct): Check => {
    const name = `subscription ${ct}`;
    const start = `Call start_subscription with {"contentType": "${ct}"}`;
    const sub = list.find((s) => s.contentType.toLowerCase() === ct.toLowerCase());
    if (!sub)
      return {
        name,
        status: "warn",
        detail: "Not subscribed: no content of this type is collected.",
        fix: `${start} (first content can take up to 12 hours).`,
      };
    if (sub.status !== "enabled")
      return {
        name,
        status: "fail",
        detail: `Subscription is ${sub.status}: content cannot be listed or fetched (AF20023).`,
        fix: `${start} to re-enable it; content from the gap is lost.`,
      };
    const hook = sub.webhook;
    if (hook?.status && hook.status !== "enabled") {
      return {
        name,
        status: "warn",
        detail: `Enabled, but its webhook ${hook.address} is ${hook.status}.`,
        fix: `${start} and the same webhook to re-enable notifications (list_notifications shows the failed attempts).`,
      };
    }
    return {
      name,
      status: "ok",
      detail: hook
        ? `Enabled, webhook ${hook.address} (${hook.status ?? "enabled"}).`
        : "Enabled, no webhook.",
    };
  });
}

function subscriptionFailure(e: unknown, delegated: boolean): Check[] {
  const err = errorText(e);
  // TENANT_NOT_ONBOARDED: the error mapper's code for "DataServiceException: Tenant does not exist" (o365-api.md 1.7).
  const fix =
    err.code === "AF10001"
      ? permissionFix("management", "ActivityFeed.Read", delegated)
      : err.code === "TENANT_NOT_ONBOARDED"
        ? AUDIT_FIX
        : (err.hint ?? AUDIT_FIX);
  return [
    { name: "subscriptions", status: "fail", detail: `Could not list subscriptions: ${err.detail}`, fix },
  ];
}

/** Newest contentCreated of the last 24 h, newest windows first, reading pages only until one has blobs. */
async function contentCheck(ct: ContentType, ctx: ToolContext): Promise<Check> {
  const name = `content ${ct}`;
  const now = ctx.deps.now().getTime();
  const opts = { signal: ctx.signal, onEvent: (ev: HttpEvent) => ctx.onHttpEvent(ev) };
  try {
    for (const [from, to] of [
      [1, 0],
      [6, 1],
      [24, 6],
    ]) {
      let newest = "";
      let page = await ctx.deps.management.listContentPage(
        {
          contentType: ct,
          startTime: new Date(now - from * HOUR).toISOString(),
          endTime: new Date(now - to * HOUR).toISOString(),
        },
        opts,
      );
      for (let n = 0; ; n++) {
        for (const b of page.items) if (b.contentCreated > newest) newest = b.contentCreated;
        if (!page.nextPageUri || n >= 20) break;
        page = await ctx.deps.management.listContentPage(
          { contentType: ct, nextPageUri: page.nextPageUri },
          opts,
        );
      }
      if (newest) {
        const mins = Math.round((now - Date.parse(newest)) / 60_000);
        return {
          name,
          status: "ok",
          detail: `Content is flowing: newest blob created ${newest} (${mins} min ago).`,
        };
      }
    }
    return {
      name,
      status: "warn",
      detail: "No content became available in the last 24 hours.",
      fix: `A new subscription takes up to 12 hours to deliver content; a quiet workload may have no events. Otherwise: ${AUDIT_FIX}`,
    };
  } catch (e) {
    const err = errorText(e);
    return { name, status: "fail", detail: `Listing content failed: ${err.detail}`, fix: err.hint };
  }
}

async function traceCheck(
  backend: MessageTraceBackendName,
  ctx: ToolContext,
): Promise<Check & { works: boolean }> {
  const name = `message trace ${backend === "graph" ? "(Graph)" : "(legacy Reporting Web Service)"}`;
  const url =
    backend === "graph" ? ctx.deps.config.endpoints.graphUrl : ctx.deps.config.endpoints.reportingUrl;
  if (!url)
    return {
      name,
      status: "warn",
      works: false,
      detail: `Not available in the ${ctx.deps.config.cloud} cloud.`,
    };
  try {
    const page = await ctx.deps.messageTrace.trace(
      { query: { top: 1 }, backend },
      { signal: ctx.signal, onEvent: (ev) => ctx.onHttpEvent(ev) },
    );
    const note = backend === "reporting" ? " It is deprecated (from April 2026): prefer Graph." : "";
    return {
      name,
      status: "ok",
      works: true,
      detail: `Works (a 1-row sample query of the last 48 h returned ${page.rows.length}).${note}`,
    };
  } catch (e) {
    const err = errorText(e);
    let fix = err.hint;
    if (backend === "graph" && err.status === 401) fix = GRAPH_SP_FIX;
    // The legacy service answers 403 both for a missing role and for "retired for this tenant" (o365-api.md
    // 2.9, shape UNCONFIRMED); only the message tells them apart.
    else if (err.status === 403 && !/deprecat|retired|no longer/i.test(err.detail))
      fix = permissionFix(backend, NEEDED[backend].required, ctx.deps.config.authMode === "refresh_token");
    else if (backend === "reporting")
      fix =
        "The legacy Reporting Web Service message trace is being retired (new tenants never had it): use Graph message trace (ExchangeMessageTrace.Read.All and the message-trace service principal).";
    return { name, status: "fail", works: false, detail: err.detail, fix };
  }
}

function certificateCheck(pem: string | undefined, now: Date): Check[] {
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

const checkSchema = z.object({
  name: z.string(),
  status: z.enum(["ok", "warn", "fail"]),
  detail: z.string(),
  fix: z.string().optional().describe("What to do, when status is warn or fail"),
});

export const diagnoseTool = defineTool({
  name: "diagnose",
  title: "Diagnose the connection and audit pipeline",
  description:
    "Preflight doctor: for each API (Management Activity, Graph message trace, legacy Reporting Web Service) checks that a " +
    "token can be had and which roles it carries (claims only, never the token), clock skew against the service, the " +
    "subscription of every content type, whether content arrived in the last 24 h, which message-trace backend works, and " +
    "certificate expiry. Every warn/fail check carries the exact fix (permission, admin consent, directory role, service " +
    "principal, start_subscription, unified audit logging). Use it first when anything fails. Read-only; about 10-20 API calls.",
  input: {},
  output: {
    checks: z.array(checkSchema),
    summary: z.string(),
    counts: z.object({ ok: z.number(), warn: z.number(), fail: z.number() }),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  mutates: false,
  async handler(_args, ctx) {
    const { config } = ctx.deps;
    const apis: Api[] = [
      "management",
      ...(config.endpoints.graphUrl ? ["graph" as const] : []),
      ...(config.endpoints.reportingUrl ? ["reporting" as const] : []),
    ];
    const subs = ctx.deps.management
      // Always the API: diagnose checks the live pipeline, not the cache.
      .listSubscriptions({ refresh: true, signal: ctx.signal, onEvent: (ev) => ctx.onHttpEvent(ev) })
      .then(
        (list) => ({ list }),
        (error: unknown) => ({ error }),
      );
    const [tokens, clock, graph, legacy, subResult] = await Promise.all([
      Promise.all(apis.map((api) => tokenCheck(api, ctx))),
      clockCheck(ctx),
      traceCheck("graph", ctx),
      traceCheck("reporting", ctx),
      subs,
    ]);
    const subChecks =
      "list" in subResult
        ? subscriptionChecks(subResult.list)
        : subscriptionFailure(subResult.error, config.authMode === "refresh_token");
    const enabled =
      "list" in subResult
        ? CONTENT_TYPES.filter((ct) =>
            subResult.list.some(
              (s) => s.contentType.toLowerCase() === ct.toLowerCase() && s.status === "enabled",
            ),
          )
        : [];
    const content = await Promise.all(enabled.map((ct) => contentCheck(ct, ctx)));

    // Legacy failing is only a warning while Graph works: auto mode never needs it then.
    const legacyCheck: Check = legacy.works || !graph.works ? legacy : { ...legacy, status: "warn" };
    const traceSummary: Check =
      graph.works || legacy.works
        ? {
            name: "message trace",
            status: "ok",
            detail: `message_trace uses ${graph.works ? "Graph" : "the legacy Reporting Web Service (deprecated)"}.`,
          }
        : {
            name: "message trace",
            status: "fail",
            detail: "No message-trace backend works.",
            fix: graph.fix ?? GRAPH_SP_FIX,
          };
    const strip = ({ works: _w, ...c }: Check & { works: boolean }): Check => c;
    const checks: Check[] = [
      ...(config.verifyTls
        ? []
        : [
            {
              name: "TLS verification",
              status: "warn" as const,
              detail: "TLS certificate verification is OFF.",
              fix: "Remove --no-verify-tls / O365_VERIFY_TLS=false; trust a private CA with O365_CA_FILE instead.",
            },
          ]),
      ...certificateCheck(config.clientCertPem, ctx.deps.now()),
      ...tokens,
      clock,
      ...subChecks,
      ...content,
      strip(graph),
      strip({ ...legacyCheck, works: legacy.works }),
      traceSummary,
    ].map((c) => (c.fix ? c : { name: c.name, status: c.status, detail: c.detail }));

    const counts = { ok: 0, warn: 0, fail: 0 };
    for (const c of checks) counts[c.status]++;
    const failing = checks.filter((c) => c.status === "fail").map((c) => c.name);
    const summary =
      failing.length > 0
        ? `${counts.fail} failing, ${counts.warn} warnings, ${counts.ok} ok. Fix first: ${failing.join("; ")}.`
        : counts.warn > 0
          ? `No failures; ${counts.warn} warnings, ${counts.ok} ok.`
          : `All ${counts.ok} checks ok.`;
    return { checks, summary, counts };
  },
  render(result) {
    const mark = { ok: "OK  ", warn: "WARN", fail: "FAIL" } as const;
    return renderText({
      header: `diagnose: ${result.summary}`,
      notes: result.checks.map(
        (c) => `${mark[c.status]} ${c.name}: ${c.detail}${c.fix ? `\n     fix: ${c.fix}` : ""}`,
      ),
      rows: [],
    });
  },
});
