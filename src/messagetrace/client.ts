// Message trace with backend choice (design.md section 6, o365-api.md 2.9 and 3.2): Graph first; on
// 401 (service principal not provisioned), 403 or 404, or in a cloud without Graph message trace, the
// legacy Reporting Web Service, saying why. Raw OData input is legacy-only.
import type { Config } from "../config/types.js";
import { isO365Error, O365Error } from "../errors.js";
import type { HttpClient } from "../http/types.js";
import type { BackendDeps } from "./backend.js";
import { graphDetail, graphTracePage, TRACE_NOT_FOUND } from "./graph.js";
import { isTraceLinkOf } from "./links.js";
import { reportingDetail, reportingTracePage } from "./reporting.js";
import type { MessageTraceBackendName, MessageTraceClient } from "./types.js";

/** First-party app whose service principal Graph message trace needs (o365-api.md 3.2). */
const TRACE_APP_ID = "8bd644d1-64a1-4d4b-ae52-2e0cbf64e373";

type Plan = { kind: "only"; backend: MessageTraceBackendName } | { kind: "auto" };

export function createMessageTraceClient(deps: {
  config: Config;
  http: HttpClient;
  now?: () => Date;
}): MessageTraceClient {
  const backendDeps: BackendDeps = {
    config: deps.config,
    http: deps.http,
    now: deps.now ?? (() => new Date()),
  };
  const { config } = deps;

  function plan(forced: MessageTraceBackendName | undefined, rawOData: boolean): Plan {
    if (rawOData) {
      if (forced === "graph") {
        throw new O365Error({
          api: "input",
          code: "ODATA_NEEDS_LEGACY",
          message:
            "Raw OData options ($filter, $select, ...) work only with the legacy Reporting Web Service.",
          hint: "Use the structured filters (senderAddress, recipientAddress, subject, status...) for Graph, or backend reporting.",
        });
      }
      return { kind: "only", backend: "reporting" };
    }
    const choice = forced ?? config.messageTraceBackend;
    return choice === "auto" ? { kind: "auto" } : { kind: "only", backend: choice };
  }

  /** Runs Graph, then legacy when Graph is missing or refuses us; both failing gives one combined error. */
  async function withFallback<T>(
    p: Plan,
    graph: () => Promise<T>,
    legacy: () => Promise<T>,
  ): Promise<{ result: T; backend: MessageTraceBackendName; fallbackReason?: string }> {
    if (p.kind === "only") {
      return { result: await (p.backend === "graph" ? graph() : legacy()), backend: p.backend };
    }
    if (config.endpoints.graphUrl === undefined) {
      const fallbackReason = `Graph message trace is not available in the ${config.cloud} cloud.`;
      return { result: await legacy(), backend: "reporting", fallbackReason };
    }
    let graphError: O365Error;
    try {
      return { result: await graph(), backend: "graph" };
    } catch (error) {
      if (!isO365Error(error) || !graphRefused(error)) throw error;
      graphError = error;
    }
    const fallbackReason = `Graph message trace refused the request (${describe(graphError)}); used the legacy Reporting Web Service.`;
    try {
      const result = await legacy();
      // The legacy service is being retired and new tenants get nothing from it (o365-api.md 2.9): after a
      // Graph refusal, an empty answer from it proves nothing.
      if (isEmpty(result))
        return { result, backend: "reporting", fallbackReason: `${fallbackReason} ${INCONCLUSIVE}` };
      return { result, backend: "reporting", fallbackReason };
    } catch (legacyError) {
      if (!isO365Error(legacyError)) throw legacyError;
      throw bothFailed(graphError, legacyError);
    }
  }

  /** Which backend a bare paging link belongs to, by its host and documented path. */
  function backendOfLink(link: string): MessageTraceBackendName | undefined {
    if (isTraceLinkOf(config, "graph", link)) return "graph";
    if (isTraceLinkOf(config, "reporting", link)) return "reporting";
    return undefined;
  }

  return {
    async trace(req, opts) {
      if (req.nextPageUri !== undefined) {
        // The API that returned the link decides (the signed cursor says which): several APIs may share
        // one gateway host, and each backend then checks the link against its own host and path.
        const backend = req.backend ?? backendOfLink(req.nextPageUri) ?? "graph";
        const page =
          backend === "graph"
            ? await graphTracePage(backendDeps, { nextPageUri: req.nextPageUri }, opts)
            : await reportingTracePage(
                backendDeps,
                { nextPageUri: req.nextPageUri, query: req.query, odata: req.odata },
                opts,
              );
        return { ...page, backend };
      }
      const { result, backend, fallbackReason } = await withFallback(
        plan(req.backend, req.odata !== undefined),
        () => graphTracePage(backendDeps, { query: req.query }, opts),
        () => reportingTracePage(backendDeps, { query: req.query, odata: req.odata }, opts),
      );
      return { ...result, backend, ...(fallbackReason ? { fallbackReason } : {}) };
    },

    async detail(req, opts) {
      const { result, backend, fallbackReason } = await withFallback(
        plan(req.backend, false),
        () => graphDetail(backendDeps, req, opts),
        () => reportingDetail(backendDeps, req, opts),
      );
      return { events: result, backend, ...(fallbackReason ? { fallbackReason } : {}) };
    },
  };
}

export const INCONCLUSIVE =
  "It found nothing, which is inconclusive, not proof of no messages: the legacy service is being retired and new tenants get nothing from it. Make Graph message trace work to be sure.";

function isEmpty(result: unknown): boolean {
  if (Array.isArray(result)) return result.length === 0;
  const page = result as { rows?: unknown[]; nextPageUri?: string };
  return Array.isArray(page.rows) && page.rows.length === 0 && page.nextPageUri === undefined;
}

/** 401: service principal not provisioned (or still propagating); 403: no permission; 404: not offered here.
 * Token failures (api "auth") are not refusals: they would fail legacy too and carry their own fix. A 404
 * on a detail call is an unknown trace id, an answer rather than a refusal (o365-api.md 3.2). */
function graphRefused(error: O365Error): boolean {
  if (error.code === TRACE_NOT_FOUND) return false;
  return error.api === "graph" && (error.status === 401 || error.status === 403 || error.status === 404);
}

function describe(e: O365Error): string {
  const status = e.status === undefined ? "" : `HTTP ${e.status} `;
  return `${status}${e.code}: ${e.message.slice(0, 300)}`;
}

function graphFix(e: O365Error): string {
  const provision = `provision the message-trace service principal once (New-MgServicePrincipal -AppId ${TRACE_APP_ID}; it can take a few hours to take effect)`;
  const permission =
    "grant the app the Microsoft Graph application permission ExchangeMessageTrace.Read.All with admin consent";
  if (e.status === 403) return `For Graph: ${permission}, and ${provision}.`;
  if (e.status === 404) {
    return `For Graph: check O365_GRAPH_URL / --cloud (Graph message trace is offered in the global cloud only), then ${permission} and ${provision}.`;
  }
  return `For Graph: ${provision}, and ${permission}.`;
}

function bothFailed(graph: O365Error, legacy: O365Error): O365Error {
  return new O365Error({
    api: "graph",
    status: graph.status,
    code: "MESSAGE_TRACE_UNAVAILABLE",
    message: `Message trace failed on both backends. Graph: ${describe(graph)}. Legacy Reporting Web Service: ${describe(legacy)}.`,
    hint: `${graphFix(graph)} The legacy Reporting Web Service is being retired (new tenants never had it), so make Graph work.`,
    cause: new AggregateError([graph, legacy]),
  });
}
