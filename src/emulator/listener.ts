// One HTTPS listener: reads the request, applies latency and faults, runs the service route, records the
// exchange and writes the answer. Bad input yields an error response, never a crash.

import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { FaultBook } from "./faults/book.js";
import { type FaultEffect, faultEffect } from "./faults/kinds.js";
import type { FaultParams, ServiceRoute } from "./faults/rule.js";
import type { Recorder } from "./recorder.js";
import {
  type EmuContext,
  type EmuRequest,
  type EmuResponse,
  jsonResponse,
  type RouteHandler,
} from "./routing.js";

const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface ListenerDeps {
  tls: { certPem: string; keyPem: string };
  ctx: EmuContext;
  handler: RouteHandler;
  classify(req: EmuRequest): ServiceRoute;
  faults: FaultBook;
  recorder: Recorder;
  /** Loopback control routes (management listener only); undefined when the path is not one. */
  control?: (req: EmuRequest) => Promise<EmuResponse | undefined>;
}

export function createListener(deps: ListenerDeps): Server {
  const server = createServer({ cert: deps.tls.certPem, key: deps.tls.keyPem }, (req, res) => {
    serve(req, res, deps).catch(() => {
      if (!res.headersSent)
        write(
          res,
          jsonResponse(500, { error: { code: "InternalServerError", message: "Emulator failure." } }),
        );
      else res.destroy();
    });
  });
  server.on("clientError", (_err, socket) => socket.destroy());
  server.keepAliveTimeout = 5000;
  return server;
}

async function serve(nodeReq: IncomingMessage, nodeRes: ServerResponse, deps: ListenerDeps): Promise<void> {
  const body = await readBody(nodeReq);
  if (body === undefined) {
    write(
      nodeRes,
      jsonResponse(413, { error: { code: "RequestEntityTooLarge", message: "Request body too large." } }),
    );
    return;
  }
  const { ctx } = deps;
  const origin = `https://${nodeReq.headers.host ?? "127.0.0.1"}`;
  let url: URL;
  try {
    url = new URL(nodeReq.url ?? "/", origin);
  } catch {
    write(nodeRes, jsonResponse(400, { error: { code: "BadRequest", message: "Invalid request URL." } }));
    return;
  }
  const req: EmuRequest = {
    method: nodeReq.method ?? "GET",
    url,
    headers: nodeReq.headers,
    body,
    remoteAddress: nodeReq.socket.remoteAddress ?? "",
  };
  const control = deps.control ? await deps.control(req) : undefined;
  if (control) {
    write(nodeRes, control);
    return;
  }
  const route = deps.classify(req);
  const latency = deps.faults.latencyFor(route);
  if (latency > 0) await new Promise((r) => setTimeout(r, latency));
  const fault = deps.faults.take(route);
  const effect: FaultEffect = fault ? faultEffect(fault.kind) : {};
  const params: FaultParams = fault ?? {};
  if (effect.dropConnection) {
    deps.recorder.record(req, route, 0, ctx.now());
    nodeReq.socket.destroy();
    return;
  }
  let res = effect.answer?.(params, route, url) ?? (await runRoute(deps, req, route));
  if (effect.alter) res = effect.alter(res);
  deps.recorder.record(req, route, res.status, ctx.now());
  // The Date header follows the emulator's clock so clients measuring skew see the emulated time.
  const dated = { ...res, headers: { Date: ctx.now().toUTCString(), ...res.headers } };
  const trickleMs = effect.trickleMs?.(params);
  if (trickleMs === undefined) write(nodeRes, dated);
  else await writeSlowly(nodeRes, dated, trickleMs);
}

/** The route's answer; a route that throws is a 500 in its service's error code, never a crash. */
async function runRoute(deps: ListenerDeps, req: EmuRequest, route: ServiceRoute): Promise<EmuResponse> {
  try {
    return await deps.handler(req, deps.ctx);
  } catch {
    return jsonResponse(500, {
      error: {
        code: route === "management" || route === "content" ? "AF50000" : "InternalServerError",
        message: "An internal error occurred. Retry the request.",
      },
    });
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function write(nodeRes: ServerResponse, res: EmuResponse): void {
  const body = res.body === undefined ? Buffer.alloc(0) : Buffer.from(res.body);
  nodeRes.writeHead(res.status, { ...res.headers, "Content-Length": String(body.length) });
  nodeRes.end(body);
}

// The body trickles out in ten pieces over slowMs (a slow or stalled backend).
async function writeSlowly(nodeRes: ServerResponse, res: EmuResponse, slowMs: number): Promise<void> {
  const body = Buffer.from(res.body ?? "");
  nodeRes.writeHead(res.status, { ...res.headers, "Content-Length": String(body.length) });
  const pieces = 10;
  const step = Math.ceil(body.length / pieces) || 1;
  for (let i = 0; i < body.length; i += step) {
    if (nodeRes.destroyed) return;
    nodeRes.write(body.subarray(i, i + step));
    await new Promise((r) => setTimeout(r, slowMs / pieces));
  }
  nodeRes.end();
}
