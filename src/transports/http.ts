// Streamable HTTP transport at /mcp (mcp-notes.md 1.11). Plain node:http rather than the SDK's express app
// (@modelcontextprotocol/express, not one of our dependencies): we need our own order of checks (Host,
// Origin, bearer token, rate limit, body limit), and the SDK's Host/Origin guards ignore ports and schemes.
// The token comes before the rate limit, and failed attempts have their own budget: a flood of
// unauthenticated requests from an address must not use up the allowance of the real client behind it.

import { randomUUID } from "node:crypto";
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { NodeStreamableHTTPServerTransport } from "@modelcontextprotocol/node";
import { isInitializeRequest } from "@modelcontextprotocol/server";
// Same floor as config loading: a network-reachable token must resist guessing.
import { MIN_REMOTE_TOKEN } from "../config/load.js";
import type { LineSink, ServerDeps } from "../deps.js";
import { isLoopbackHost } from "../identifiers.js";
import { bearerChallenge, createBearerCheck } from "./bearer-auth.js";
import { createHostCheck, createOriginCheck, hostForUrl } from "./host-origin-policy.js";
import { readJsonBody } from "./json-body.js";
import { replyJsonRpcError } from "./json-rpc-error-reply.js";
import { RateLimiter } from "./rate-limiter.js";
import { type McpServerFactory, resolveServerFactory } from "./server-factory.js";
import { sessionOwnerOf } from "./session-owner.js";
import { type McpSession, SessionStore } from "./session-store.js";

export type { McpServerFactory } from "./server-factory.js";

export interface HttpOptions {
  /** Builds one MCP server (per session, or per request when stateless). Default: createServer. */
  serverFactory?: McpServerFactory;
  /** Where the listening URL and session events go. Default: deps.log. */
  log?: LineSink;
  /** Clock for rate limiting and idle expiry (tests). */
  nowMs?: () => number;
}

export interface HttpHandle {
  /** The MCP endpoint, e.g. http://127.0.0.1:41234/mcp */
  url: string;
  close(): Promise<void>;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

const clientKey = (req: IncomingMessage): string => req.socket.remoteAddress ?? "unknown";

function tooManyRequests(res: ServerResponse, retryAfterSeconds: number): void {
  replyJsonRpcError(res, 429, -32000, "Too Many Requests", { "Retry-After": String(retryAfterSeconds) });
}

export async function startHttp(deps: ServerDeps, opts: HttpOptions = {}): Promise<HttpHandle> {
  const cfg = deps.config.http;
  const log = opts.log ?? deps.log;
  const factory = await resolveServerFactory(opts.serverFactory);
  const hasToken = cfg.token !== undefined && cfg.token !== "";
  // Config loading already refuses this; checked again because startHttp is also called directly.
  if (!isLoopbackHost(cfg.host) && !hasToken) {
    throw new Error(
      `refusing to listen on ${cfg.host} without a bearer token: set O365_MCP_HTTP_TOKEN or O365_MCP_HTTP_TOKEN_FILE, or bind 127.0.0.1`,
    );
  }
  if (!isLoopbackHost(cfg.host) && (cfg.token ?? "").length < MIN_REMOTE_TOKEN) {
    throw new Error(
      `refusing to listen on ${cfg.host} with a bearer token shorter than ${MIN_REMOTE_TOKEN} characters: make one with openssl rand -base64 32`,
    );
  }

  const nowMs = opts.nowMs ?? Date.now;
  const limiter = new RateLimiter(cfg.rateLimitPerMinute, nowMs);
  const failedAuth = new RateLimiter(cfg.rateLimitPerMinute, nowMs);
  const store = new SessionStore({ maxSessions: cfg.maxSessions, idleMs: cfg.sessionIdleMs, nowMs, log });
  const checkOrigin = createOriginCheck(cfg.allowedOrigins);
  const checkBearer = createBearerCheck(cfg.token);
  let checkHost: (host: string | undefined) => boolean = () => false; // set once the port is known

  const newSession = async (req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> => {
    if (!(await store.reserve())) {
      replyJsonRpcError(res, 503, -32000, "Service Unavailable: too many active sessions", {
        "Retry-After": "5",
      });
      return;
    }
    let session: McpSession | undefined;
    try {
      const mcp = factory(deps);
      const transport = new NodeStreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          session = { id, transport, close, lastActiveMs: nowMs(), inFlight: 1, owner: sessionOwnerOf(req) };
          store.release(session);
        },
      });
      let closing: Promise<void> | undefined;
      const close = (): Promise<void> => {
        closing ??= (async () => {
          await transport.close();
          await mcp.close();
        })().catch((e: unknown) => log(`http: error while closing a session: ${String(e)}`));
        return closing;
      };
      transport.onclose = () => {
        if (transport.sessionId) store.forget(transport.sessionId);
        void close();
      };
      try {
        await mcp.server.connect(transport);
        await transport.handleRequest(req, res, body);
      } finally {
        if (!session) await close(); // initialize was rejected (bad Accept, bad version...): nothing to keep
      }
    } finally {
      if (session) {
        session.inFlight--;
        session.lastActiveMs = nowMs();
      } else store.release();
    }
  };

  /** The session of the request, if it exists and this client created it (same answer otherwise). */
  const sessionOf = (req: IncomingMessage, sid: string): McpSession | undefined => {
    const session = store.get(sid);
    return session && session.owner === sessionOwnerOf(req) ? session : undefined;
  };

  const postStateful = async (req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> => {
    const sid = req.headers["mcp-session-id"];
    if (typeof sid === "string") {
      const session = sessionOf(req, sid);
      if (!session) return replyJsonRpcError(res, 404, -32001, "Session not found");
      await store.track(session, () => session.transport.handleRequest(req, res, body));
      return;
    }
    if (!isInitializeRequest(body)) {
      return replyJsonRpcError(res, 400, -32000, "Bad Request: No valid session ID provided");
    }
    await newSession(req, res, body);
  };

  // Stateless (replicas behind a load balancer): a fresh server and transport per POST, nothing kept.
  const postStateless = async (req: IncomingMessage, res: ServerResponse, body: unknown): Promise<void> => {
    const mcp = factory(deps);
    const transport = new NodeStreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => {
      void transport.close().then(() => mcp.close());
    });
    await mcp.server.connect(transport);
    await transport.handleRequest(req, res, body);
  };

  const post: Handler = async (req, res) => {
    const body = await readJsonBody(req, cfg.maxBodyBytes);
    if (body.kind === "too-large") {
      return replyJsonRpcError(
        res,
        413,
        -32000,
        `Payload Too Large: the limit is ${cfg.maxBodyBytes} bytes`,
        {
          Connection: "close",
        },
      );
    }
    if (body.kind === "invalid-json") return replyJsonRpcError(res, 400, -32700, "Parse error: Invalid JSON");
    // A batch (older protocol revisions) is as many requests as it holds messages; one was already taken.
    if (Array.isArray(body.value) && body.value.length > 1) {
      const rate = limiter.take(clientKey(req), body.value.length - 1);
      if (!rate.allowed) return tooManyRequests(res, rate.retryAfterSeconds);
    }
    await (cfg.stateless ? postStateless : postStateful)(req, res, body.value);
  };

  // GET (standalone SSE stream) and DELETE (end the session) need a session.
  const sessionRequest: Handler = async (req, res) => {
    if (cfg.stateless) return replyJsonRpcError(res, 405, -32000, "Method not allowed.", { Allow: "POST" });
    const sid = req.headers["mcp-session-id"];
    if (typeof sid !== "string")
      return replyJsonRpcError(res, 400, -32000, "Bad Request: Mcp-Session-Id required");
    const session = sessionOf(req, sid);
    if (!session) return replyJsonRpcError(res, 404, -32001, "Session not found");
    if (req.method === "GET") {
      session.lastActiveMs = nowMs();
      await session.transport.handleRequest(req, res);
      return;
    }
    await store.track(session, () => session.transport.handleRequest(req, res));
  };

  const route: Handler = async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    // Liveness probe: no auth and nothing about the tenant, so probes and load balancers can call it.
    if (path === "/healthz" && (req.method === "GET" || req.method === "HEAD")) {
      res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : "ok");
      return;
    }
    if (!checkHost(req.headers.host))
      return replyJsonRpcError(res, 403, -32000, "Forbidden: invalid Host header");
    if (!checkOrigin(req.headers.origin)) {
      return replyJsonRpcError(res, 403, -32000, "Forbidden: invalid Origin header");
    }
    const auth = checkBearer(req.headers.authorization);
    if (auth !== "ok") {
      const rate = failedAuth.take(clientKey(req));
      if (!rate.allowed) return tooManyRequests(res, rate.retryAfterSeconds);
      return replyJsonRpcError(res, 401, -32001, "Unauthorized: a valid bearer token is required", {
        "WWW-Authenticate": bearerChallenge(auth),
      });
    }
    const rate = limiter.take(clientKey(req));
    if (!rate.allowed) return tooManyRequests(res, rate.retryAfterSeconds);
    if (path !== "/mcp") return replyJsonRpcError(res, 404, -32000, "Not Found: the MCP endpoint is /mcp");
    if (req.method === "POST") return post(req, res);
    if (req.method === "GET" || req.method === "DELETE") return sessionRequest(req, res);
    replyJsonRpcError(res, 405, -32000, "Method not allowed.", {
      Allow: cfg.stateless ? "POST" : "GET, POST, DELETE",
    });
  };

  const server = createHttpServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      log(`http: request failed: ${e instanceof Error ? e.message : String(e)}`);
      replyJsonRpcError(res, 500, -32603, "Internal error");
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(cfg.port, cfg.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  checkHost = createHostCheck(cfg.host, port);
  const url = `http://${hostForUrl(cfg.host)}:${port}/mcp`;

  const sweepMs = Math.min(60_000, Math.max(50, Math.floor(cfg.sessionIdleMs / 2)));
  const sweeper = setInterval(() => {
    limiter.prune();
    failedAuth.prune();
    void store.expireIdle();
  }, sweepMs);
  sweeper.unref();

  log(`office365-mcp: listening on ${url}${cfg.stateless ? " (stateless)" : ""}`);
  let closed: Promise<void> | undefined;
  return {
    url,
    close() {
      closed ??= (async () => {
        clearInterval(sweeper);
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        await store.closeAll();
        server.closeAllConnections();
        await stopped;
      })();
      return closed;
    },
  };
}
