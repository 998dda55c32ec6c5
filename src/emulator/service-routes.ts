// The Graph and Reporting Web Service routes (another engineer's modules), mounted on their own listeners.
import { handleGraph } from "./graph.js";
import { handleReporting } from "./reporting.js";
import type { RouteHandler } from "./routing.js";

export async function loadServiceRoutes(): Promise<{ graph: RouteHandler; reporting: RouteHandler }> {
  return { graph: handleGraph, reporting: handleReporting };
}
