// diagnose, part 3: can the app read audit history older than the feed's 7 days through the Purview audit
// search API (audit-search-api.md 4)? Cheap and honest: the Graph token's roles, then one list call (the
// same v1.0-then-beta probe the search uses). No query is created: submissions are a daily quota (4.6),
// and a created query with only AuditLog.Read.All would "succeed" with 0 records anyway (4.2).
import { auditSearchAvailable } from "../../src/config/endpoints.js";
import { createAuditQueryApi } from "../../src/history/api.js";
import { AUDIT_SEARCH_PERMISSION, historyError, PERMISSION_FIX } from "../../src/history/errors.js";
import type { ToolContext } from "../../src/mcp/tool-context.js";
import { type Check, errorText, tokenClaims } from "./access.js";

const NAME = "audit search API (history past 7 days)";
const LEGACY = "AuditLog.Read.All";
const PER_SERVICE = /^AuditLogsQuery-([A-Za-z]+)\.Read\.All$/;

/** What the Graph token's roles let the audit search return; undefined when the token cannot be read. */
export function auditQueryGrant(perms: string[]): Check | undefined {
  if (perms.includes(AUDIT_SEARCH_PERMISSION)) return undefined;
  const services = perms.map((p) => PER_SERVICE.exec(p)?.[1]).filter((s): s is string => s !== undefined);
  if (services.length > 0) {
    return {
      name: NAME,
      status: "warn",
      detail: `The token holds per-service audit search permissions only (${services.join(", ")}): history queries return those services' records and silently none of the others.`,
      fix: `To search every service, add ${AUDIT_SEARCH_PERMISSION}. ${PERMISSION_FIX}`,
    };
  }
  if (perms.includes(LEGACY)) {
    return {
      name: NAME,
      status: "fail",
      detail: `The token holds ${LEGACY} but no AuditLogsQuery permission: since April 2026 history queries then succeed with 0 records, which looks like "nothing happened".`,
      fix: PERMISSION_FIX,
    };
  }
  return {
    name: NAME,
    status: "fail",
    detail: `The token holds no AuditLogsQuery permission: search_audit_log cannot read past 7 days.`,
    fix: PERMISSION_FIX,
  };
}

export async function auditSearchCheck(ctx: ToolContext): Promise<Check> {
  const { config } = ctx.deps;
  if (!auditSearchAvailable(config.cloud, config.endpoints.graphUrl)) {
    return {
      name: NAME,
      status: "warn",
      detail: `Microsoft serves the audit search API in the global service only, not in the ${config.cloud} cloud: search_audit_log reaches 7 days back.`,
      fix: "For older records use Search-UnifiedAuditLog (Exchange Online PowerShell) or the Purview portal's Audit search.",
    };
  }
  let delegated = false;
  try {
    const { token } = await ctx.deps.tokens.getToken("graph", ctx.signal);
    const claims = tokenClaims(token);
    if (claims) {
      const perms = [...(claims.roles ?? []), ...(claims.scp?.split(" ").filter(Boolean) ?? [])];
      delegated = claims.scp !== undefined && claims.roles === undefined;
      const gap = auditQueryGrant(perms);
      if (gap?.status === "fail") return gap;
      const probed = await probe(ctx);
      if (probed.status !== "ok" || !gap) return withRole(probed, delegated);
      return { ...gap, detail: `${gap.detail} ${probed.detail}` };
    }
  } catch (e) {
    const err = errorText(e);
    return { name: NAME, status: "fail", detail: `No Graph token: ${err.detail}`, fix: err.hint };
  }
  return withRole(await probe(ctx), delegated);
}

async function probe(ctx: ToolContext): Promise<Check> {
  const api = createAuditQueryApi({ config: ctx.deps.config, http: ctx.deps.http });
  try {
    const version = await api.version({ signal: ctx.signal, onEvent: (e) => ctx.onHttpEvent(e) });
    return {
      name: NAME,
      status: "ok",
      detail:
        version === "v1.0"
          ? "Queries can be listed on v1.0 (search_audit_log uses it)."
          : "v1.0 answers 404 here; beta serves the API and search_audit_log uses it (audit-search-api.md 1.6).",
    };
  } catch (e) {
    const err = errorText(historyError(e));
    return { name: NAME, status: "fail", detail: err.detail, fix: err.hint ?? PERMISSION_FIX };
  }
}

function withRole(check: Check, delegated: boolean): Check {
  if (!delegated || check.status !== "ok") return check;
  return {
    ...check,
    status: "warn",
    detail: `${check.detail} The token is delegated: the signed-in user also needs the Purview Audit Reader or Audit Manager role.`,
    fix: "Microsoft Purview portal > Roles and scopes > Role groups: add the user to Audit Reader (View-Only Audit Logs).",
  };
}
