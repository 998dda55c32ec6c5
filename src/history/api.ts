// The Purview audit search API client (audit-search-api.md 1): create a query, read its status, page its
// records. Requests use the Graph token with budgets of their own (4.6). v1.0 is probed first and beta
// used when v1.0 is not served (1.6: a live tenant answered 404 UnknownError on v1.0), once per process,
// as Microsoft's PAX does.
import type { Config } from "../config/types.js";
import { O365Error } from "../errors.js";
import { assertFollowable } from "../http/links.js";
import { createPageGuard } from "../http/page-guard.js";
import { parseBody } from "../http/response-body.js";
import type { CallOptions, HttpClient } from "../http/types.js";
import { sleep } from "../http/wait.js";
import type { QueryFilters } from "./filters.js";
import { type ApiVersion, type AuditLogQuery, auditLogQuerySchema, recordsPageSchema } from "./wire.js";

/** Records per page: clients use 10 to 10,000 (1.5); the default page is 150. */
const PAGE_SIZE = 1000;

export interface AuditQueryApiDeps {
  config: Config;
  http: HttpClient;
}

export interface CreateQueryRequest {
  displayName: string;
  start: Date;
  end: Date;
  filters: QueryFilters;
}

export interface RecordsPage {
  rows: unknown[];
  next?: string;
}

export interface AuditQueryApi {
  /** The version this process uses (probed on first use). */
  version(opts?: CallOptions): Promise<ApiVersion>;
  create(req: CreateQueryRequest, opts?: CallOptions): Promise<{ query: AuditLogQuery; version: ApiVersion }>;
  get(id: string, version: ApiVersion, opts?: CallOptions): Promise<AuditLogQuery>;
  /** One page of records: the first of the query, or the page `link` points at. */
  records(
    id: string,
    version: ApiVersion,
    link: string | undefined,
    opts?: CallOptions,
  ): Promise<RecordsPage>;
  /** A guard for one walk over a query's pages (page-guard.ts). */
  pageGuard(first: string): ReturnType<typeof createPageGuard>;
}

const ID = /^[A-Za-z0-9-]{1,100}$/;
const CREATE_429_RETRIES = 3;
const MAX_CREATE_WAIT_MS = 60_000;

export function createAuditQueryApi(deps: AuditQueryApiDeps): AuditQueryApi {
  let probed: Promise<ApiVersion> | undefined;
  const root = (version: ApiVersion) => {
    const graph = deps.config.endpoints.graphUrl;
    if (graph === undefined) {
      throw new O365Error({
        api: "config",
        code: "AUDIT_SEARCH_UNAVAILABLE",
        message: "No Graph URL is configured, so the Purview audit search API cannot be reached.",
        hint: "Set O365_GRAPH_URL (the global service: https://graph.microsoft.com), or search within the last 7 days.",
      });
    }
    return `${graph.replace(/\/+$/, "")}/${version}/security/auditLog/queries`;
  };
  const queryUrl = (id: string, version: ApiVersion) => {
    if (!ID.test(id)) {
      throw new O365Error({
        api: "input",
        code: "INVALID_CURSOR",
        message: "The cursor's audit search query id is not an id the service hands out.",
        hint: "Run the search again without cursor.",
      });
    }
    return `${root(version)}/${id}`;
  };

  async function probe(opts?: CallOptions): Promise<ApiVersion> {
    try {
      await deps.http.request({
        api: "graph",
        budget: "auditSearch",
        url: root("v1.0"),
        query: { $top: "1" },
        signal: opts?.signal,
        onEvent: opts?.onEvent,
      });
      return "v1.0";
    } catch (e) {
      // 404 (and 400 "resource not found" on older gateways) means "not served here": beta. Anything else
      // (403 without the permission, throttling) is the answer beta would give too.
      if (e instanceof O365Error && e.api === "graph" && (e.status === 404 || e.status === 400))
        return "beta";
      throw e;
    }
  }

  const version = (opts?: CallOptions): Promise<ApiVersion> => {
    if (!probed) {
      const attempt = probe(opts);
      probed = attempt;
      // A failed probe (network, 403) is not remembered: the next call probes again.
      attempt.catch(() => {
        if (probed === attempt) probed = undefined;
      });
    }
    return probed;
  };

  return {
    version,
    async create(req, opts) {
      const v = await version(opts);
      const send = () =>
        deps.http.request({
          api: "graph",
          budget: "auditQuerySubmit",
          method: "POST",
          url: root(v),
          body: {
            "@odata.type": "#microsoft.graph.security.auditLogQuery",
            displayName: req.displayName,
            filterStartDateTime: req.start.toISOString(),
            filterEndDateTime: req.end.toISOString(),
            ...req.filters,
          },
          // A POST that timed out or failed with 5xx may have created the query: never resent blindly.
          retry: false,
          signal: opts?.signal,
          onEvent: opts?.onEvent,
        });
      for (let attempt = 0; ; attempt++) {
        try {
          const res = await send();
          return {
            query: parseBody(auditLogQuerySchema, res.body, "audit search create", "graph"),
            version: v,
          };
        } catch (e) {
          // A 429 created nothing: wait as asked ("if a Retry-After header isn't provided, use an
          // exponential backoff", 4.6) within the same ceiling as every other server-requested wait.
          if (!(e instanceof O365Error) || e.status !== 429 || attempt >= CREATE_429_RETRIES) throw e;
          const waitMs = e.retryAfterMs ?? 2_000 * 2 ** attempt;
          if (waitMs > MAX_CREATE_WAIT_MS) throw e;
          opts?.onEvent?.({
            type: "retry",
            api: "graph",
            attempt: attempt + 1,
            waitMs,
            reason: "429 (audit search query submission)",
          });
          await sleep(waitMs, opts?.signal, "graph");
        }
      }
    },
    async get(id, v, opts) {
      const res = await deps.http.request({
        api: "graph",
        budget: "auditSearch",
        url: queryUrl(id, v),
        signal: opts?.signal,
        onEvent: opts?.onEvent,
      });
      return parseBody(auditLogQuerySchema, res.body, "audit search query", "graph");
    },
    async records(id, v, link, opts) {
      const first = `${queryUrl(id, v)}/records`;
      const url = link === undefined ? first : followRecordsLink(deps, link, first);
      const res = await deps.http.request({
        api: "graph",
        budget: "auditSearch",
        url,
        query: link === undefined ? { $top: String(PAGE_SIZE) } : undefined,
        signal: opts?.signal,
        onEvent: opts?.onEvent,
      });
      const body = parseBody(recordsPageSchema, res.body, "audit search records", "graph");
      const next = body["@odata.nextLink"] ?? undefined;
      return { rows: body.value, ...(next ? { next } : {}) };
    },
    pageGuard: (first) => createPageGuard("graph", "audit search records paging", { startLink: first }),
  };
}

/**
 * The absolute @odata.nextLink (1.5) carries the Graph token: only on the configured Graph host and under
 * this query's own records path, so a planted link cannot read another Graph resource.
 */
function followRecordsLink(deps: AuditQueryApiDeps, link: string, first: string): string {
  assertFollowable(deps.http, link, {
    api: "graph",
    message: (origin) =>
      `The audit search @odata.nextLink points outside the allowed hosts (${origin}); it was not followed.`,
    hint: "Repeat the search; if it persists, check O365_GRAPH_URL.",
  });
  let ok = false;
  try {
    const url = new URL(link);
    const base = new URL(first);
    ok = url.origin === base.origin && url.pathname.toLowerCase() === base.pathname.toLowerCase();
  } catch {
    ok = false;
  }
  if (ok) return link;
  throw new O365Error({
    api: "graph",
    code: "LINK_NOT_FOLLOWED",
    message:
      "The audit search @odata.nextLink is not a page of the same query's records; it was not followed.",
    hint: "Repeat the search; if it persists, a proxy in between is rewriting links.",
  });
}
