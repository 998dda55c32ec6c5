// diagnose: a preflight doctor (design.md section 6). Every check runs on its own and a failure becomes a
// check result with the exact fix; the tool itself never fails because a check did.
import { z } from "zod";
import type { Api } from "../src/config/types.js";
import { normalizeContentType } from "../src/management/content-types.js";
import { enabledContentTypes } from "../src/management/subscription-states.js";
import { defineTool } from "../src/mcp/tool-definition.js";
import { upstreamText } from "../src/shape/fence.js";
import {
  type Check,
  certificateCheck,
  dlpPermissionCheck,
  GRAPH_SP_FIX,
  type TokenCheck,
  tokenCheck,
} from "./diagnose/access.js";
import { auditSearchCheck } from "./diagnose/history.js";
import {
  clockCheck,
  contentCheck,
  subscriptionChecks,
  subscriptionFailure,
  traceCheck,
} from "./diagnose/pipeline.js";

const checkSchema = z.object({
  name: z.string(),
  status: z.enum(["ok", "warn", "fail"]),
  detail: z.string(),
  fix: z.string().optional().describe("What to do, when status is warn or fail"),
});

/** Our details are short; past this a detail is a quoted service text. */
const DETAIL_CHARS = 600;

export const diagnoseTool = defineTool({
  name: "diagnose",
  title: "Diagnose the connection and audit pipeline",
  description:
    "Preflight doctor: per API (Management Activity, Graph, legacy Reporting) token roles, audit search API access (history), clock skew, subscriptions (and ReadDlp for DLP.All), content in the last 24 h, the working message-trace backend, certificate expiry; each warn or fail has its fix. Use it first when anything fails; 10-20 API calls. Untrusted: quoted service messages, webhook addresses.",
  input: {
    contentType: z.string().optional().describe("Also check this content type, e.g. DLP.All"),
  },
  output: {
    checks: z.array(checkSchema),
    summary: z.string(),
    counts: z.object({ ok: z.number(), warn: z.number(), fail: z.number() }),
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  async handler(args, ctx) {
    const { config } = ctx.deps;
    const asked = args.contentType === undefined ? undefined : normalizeContentType(args.contentType);
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
    const [tokens, clock, graph, legacy, subResult, history] = await Promise.all([
      Promise.all(apis.map((api) => tokenCheck(api, ctx))),
      clockCheck(ctx),
      traceCheck("graph", ctx),
      traceCheck("reporting", ctx),
      subs,
      auditSearchCheck(ctx),
    ]);
    const subChecks =
      "list" in subResult
        ? subscriptionChecks(subResult.list)
        : subscriptionFailure(subResult.error, config.authMode === "refresh_token");
    const enabled = "list" in subResult ? enabledContentTypes(subResult.list) : [];
    const content = await Promise.all(enabled.map((ct) => contentCheck(ct, ctx)));
    const managementPermissions = tokens.find((t) => t.name === "token management")?.permissions;
    const dlp = managementPermissions
      ? [
          dlpPermissionCheck(managementPermissions, {
            subscribed: enabled.includes("DLP.All"),
            asked: asked === "DLP.All",
          }),
        ]
      : [];

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
      ...tokens.map(({ permissions: _p, ...c }: TokenCheck): Check => c),
      ...dlp,
      clock,
      ...subChecks,
      ...content,
      strip(graph),
      strip({ ...legacyCheck, works: legacy.works }),
      traceSummary,
      history,
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
    return {
      header: `diagnose: ${result.summary}`,
      notes: result.checks.map(
        // Details and fixes quote the service (error messages, webhook addresses): one escaped line each.
        (c) =>
          `${mark[c.status]} ${c.name}: ${upstreamText(c.detail, DETAIL_CHARS)}${c.fix ? `\n     fix: ${upstreamText(c.fix, DETAIL_CHARS)}` : ""}`,
      ),
      sections: [],
    };
  },
});
