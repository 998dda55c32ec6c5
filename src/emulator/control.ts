// handle.control and its loopback-only HTTP twin on the management listener (/_emulator/*), for tests and
// for poking a CLI-started emulator.
import { z } from "zod";
import { applyAuditSearchControl, auditSearchControlSchema } from "./auditsearch/controls.js";
import type { AuditQueryStore } from "./auditsearch/store.js";
import type { EntraDirectory } from "./entra/directory.js";
import type { FaultBook } from "./faults/book.js";
import { faultRouteSchema, faultRuleSchema } from "./faults/rule.js";
import type { ManagementState } from "./management/state.js";
import type { Recorder } from "./recorder.js";
import { type EmuRequest, type EmuResponse, jsonResponse } from "./routing.js";
import type { EmulatorControl } from "./types.js";

export interface ControlDeps {
  faults: FaultBook;
  recorder: Recorder;
  management: ManagementState;
  directory: EntraDirectory;
  /** Resets Graph's own 100-per-5-minutes message-trace throttle (kept per tenant by its route). */
  resetMessageTraceThrottle: () => void;
  auditSearch: AuditQueryStore;
  now: () => Date;
}

export function createControl(deps: ControlDeps): EmulatorControl {
  return {
    addFault: (rule) => deps.faults.add(faultRuleSchema.parse(rule)),
    clearFaults: () => deps.faults.clear(),
    setLatency: (ms, route) => deps.faults.setLatency(ms, route),
    disableSubscription(contentType) {
      const sub = deps.management.subscriptions.get(contentType);
      if (sub) sub.status = "disabled";
      else
        deps.management.subscriptions.set(contentType, {
          contentType,
          status: "disabled",
          webhook: null,
          availableFrom: new Date(0),
        });
    },
    expireContentBefore(time) {
      deps.management.expiredBefore = time;
    },
    revokeRefreshTokens() {
      for (const grant of deps.directory.refreshTokens.values()) grant.revoked = true;
    },
    configureAuditSearch: (input) => applyAuditSearchControl(deps.auditSearch, input),
    requests: () => deps.recorder.list(),
    clearRequests: () => deps.recorder.clear(),
    reset() {
      deps.faults.reset();
      deps.management.reset();
      deps.directory.resetRefreshTokens(deps.now());
      deps.resetMessageTraceThrottle();
      deps.auditSearch.reset();
    },
  };
}

const latencySchema = z.object({
  ms: z.number().int().nonnegative(),
  route: faultRouteSchema.optional(),
});
const contentTypeSchema = z.object({ contentType: z.string().min(1) });
const timeSchema = z.object({ before: z.iso.datetime() });

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/** Handles /_emulator/* requests; undefined for any other path. */
export function createControlRoute(
  control: EmulatorControl,
): (req: EmuRequest) => Promise<EmuResponse | undefined> {
  return async (req) => {
    if (!req.url.pathname.startsWith("/_emulator/")) return undefined;
    if (!LOOPBACK.has(req.remoteAddress))
      return jsonResponse(403, { error: "control routes accept loopback peers only" });
    const action = `${req.method} ${req.url.pathname.slice("/_emulator/".length)}`;
    let json: unknown = {};
    try {
      const text = req.body.toString("utf8").trim();
      json = text === "" ? {} : JSON.parse(text);
    } catch {
      return jsonResponse(400, { error: "body is not JSON" });
    }
    const ok = jsonResponse(200, { ok: true });
    try {
      switch (action) {
        case "POST faults":
          control.addFault(faultRuleSchema.parse(json));
          return ok;
        case "DELETE faults":
          control.clearFaults();
          return ok;
        case "POST latency": {
          const { ms, route } = latencySchema.parse(json);
          control.setLatency(ms, route);
          return ok;
        }
        case "POST disable-subscription":
          control.disableSubscription(contentTypeSchema.parse(json).contentType);
          return ok;
        case "POST expire-content":
          control.expireContentBefore(new Date(timeSchema.parse(json).before));
          return ok;
        case "POST revoke-refresh-tokens":
          control.revokeRefreshTokens();
          return ok;
        case "POST audit-search":
          control.configureAuditSearch(auditSearchControlSchema.parse(json));
          return ok;
        case "POST reset":
          control.reset();
          return ok;
        case "GET requests":
          return jsonResponse(200, control.requests());
        case "DELETE requests":
          control.clearRequests();
          return ok;
        default:
          return jsonResponse(404, { error: `unknown control route ${action}` });
      }
    } catch (err) {
      if (err instanceof z.ZodError)
        return jsonResponse(400, {
          error: "invalid control request",
          issues: err.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
        });
      throw err;
    }
  };
}
