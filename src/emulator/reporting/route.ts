// Legacy Exchange Online Reporting Web Service: MessageTrace and MessageTraceDetail (o365-api.md 2):
// the IIS 401 page, the "No permission" 403, the new-tenant switch and the version header in front of
// one report query in verbose JSON, JSON light or Atom.
import { grantedPermissions } from "../entra/access-token.js";
import { ODataSyntaxError } from "../odata/lexer.js";
import type { EmuContext, EmuRequest, RouteHandler } from "../routing.js";
import {
  badRequest,
  odataLightError,
  ReportingError,
  serviceFault,
  unauthorized,
  unsupportedVersion,
} from "./errors.js";
import type { LegacyFormat } from "./format.js";
import { runReport } from "./report.js";
import { reportByName } from "./rows.js";

const ROUTE = /^\/ecp\/reportingwebservice\/reporting\.svc\/([^/?]+)\/?$/i;
const PERMISSIONS = ["ReportingWebService.Read.All", "ReportingWebService.Read"];

export function createReportingRoute(): RouteHandler {
  return async (req, ctx) => {
    try {
      const route = ROUTE.exec(req.url.pathname);
      admit(req, ctx);
      const report = route ? reportByName(route[1]) : undefined;
      // An unknown report is 404 (o365-api.md 2.8).
      if (!report) throw serviceFault(404, `The report '${route?.[1] ?? req.url.pathname}' was not found.`);
      if (req.method !== "GET") throw serviceFault(405, "The HTTP method is not allowed.");
      checkVersion(req);
      return runReport(req, ctx, report, chooseFormat(req));
    } catch (err) {
      const failure = err instanceof ODataSyntaxError ? badRequest(err.message) : err;
      if (failure instanceof ReportingError) {
        if (failure.odataMessage !== undefined && wantsJsonLight(req))
          return odataLightError(failure.odataMessage);
        return failure.response;
      }
      throw err;
    }
  };
}

function admit(req: EmuRequest, ctx: EmuContext): void {
  const check = ctx.checkToken(req, "reporting");
  if (!check.ok || check.claims.tid !== ctx.tenant.tenantId) {
    throw unauthorized();
  }
  if (!ctx.options.legacyReportingAvailable) {
    // New Exchange Online organizations never had message trace here (o365-api.md 2.9). The real answer is
    // UNCONFIRMED: we use the 403 a caller gets for a report it may not see (2.8), in the observed JSON shape.
    throw serviceFault(
      403,
      "The MessageTrace and MessageTraceDetail reports are not available to this organization in the Reporting Web Service; they are deprecated. Use the Microsoft Graph message trace API (admin/exchange/tracing/messageTraces).",
    );
  }
  const granted = grantedPermissions(check.claims);
  const wids = Array.isArray(check.claims.wids) ? check.claims.wids : [];
  const permitted = PERMISSIONS.some((p) => granted.includes(p));
  // Both the API permission and an admin directory role are needed (o365-api.md 2.2).
  if (!permitted || wids.length === 0)
    throw serviceFault(403, "No permission to access the report for the organization .");
}

function chooseFormat(req: EmuRequest): LegacyFormat {
  const format = req.url.searchParams.get("$format");
  if (format !== null) {
    if (format.toLowerCase() === "json") return "verbose";
    if (format.toLowerCase() === "atom" || format.toLowerCase() === "xml") return "atom";
    throw badRequest(`The $format query option value '${format}' is not supported.`);
  }
  const accept = String(req.headers.accept ?? "").toLowerCase();
  if (accept.includes("odata=verbose")) return "verbose";
  return accept.includes("application/json") ? "light" : "atom";
}

/** JSON light: Accept application/json without $format or odata=verbose (o365-api.md 2.4). */
function wantsJsonLight(req: EmuRequest): boolean {
  const accept = String(req.headers.accept ?? "").toLowerCase();
  return (
    req.url.searchParams.get("$format") === null &&
    accept.includes("application/json") &&
    !accept.includes("odata=verbose")
  );
}

function checkVersion(req: EmuRequest): void {
  const version = req.headers["x-rws-version"] ?? req.url.searchParams.get("rws-version");
  if (version !== undefined && version !== null && String(version).toLowerCase() !== "2013-v1") {
    throw unsupportedVersion();
  }
}
