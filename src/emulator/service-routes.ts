// The Graph and Reporting routes are another engineer's modules. Reporting is loaded by name until it is
// committed (then it becomes a static import like Graph); a missing module answers 503.
import { handleGraph } from "./graph.js";
import { type EmuResponse, jsonResponse, type RouteHandler } from "./routing.js";

const unavailable: RouteHandler = async (): Promise<EmuResponse> =>
  jsonResponse(503, {
    error: { code: "ServiceUnavailable", message: "This emulated service is not built yet." },
  });

export async function loadServiceRoutes(): Promise<{ graph: RouteHandler; reporting: RouteHandler }> {
  return { graph: handleGraph, reporting: await load("./reporting.js", "handleReporting") };
}

async function load(specifier: string, name: string): Promise<RouteHandler> {
  try {
    const mod = (await import(specifier)) as Record<string, unknown>;
    return typeof mod[name] === "function" ? (mod[name] as RouteHandler) : unavailable;
  } catch {
    return unavailable;
  }
}
