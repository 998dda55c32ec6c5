// The Graph and Reporting routes are written by another engineer; until their modules exist the listeners
// answer 503 so the rest of the emulator works. TODO: import them statically once committed.
import { type EmuResponse, jsonResponse, type RouteHandler } from "./routing.js";

const unavailable: RouteHandler = async (): Promise<EmuResponse> =>
  jsonResponse(503, {
    error: { code: "ServiceUnavailable", message: "This emulated service is not built yet." },
  });

export async function loadServiceRoutes(): Promise<{ graph: RouteHandler; reporting: RouteHandler }> {
  return {
    graph: await load("./graph.js", "handleGraph"),
    reporting: await load("./reporting.js", "handleReporting"),
  };
}

async function load(specifier: string, name: string): Promise<RouteHandler> {
  try {
    const mod = (await import(specifier)) as Record<string, unknown>;
    return typeof mod[name] === "function" ? (mod[name] as RouteHandler) : unavailable;
  } catch {
    return unavailable;
  }
}
