// The "what to check next" of a finding: a tool call the model can send as is, its window an hour either
// side of the evidence so the follow-up reads what surrounds the pattern.
import type { NextCall } from "./types.js";

const HOUR_MS = 3_600_000;

export function auditSearch(args: {
  users?: string[];
  clientIps?: string[];
  operations?: string[];
}): NextCall {
  return { tool: "search_audit_log", args: { ...args } };
}

export function timeline(args: { user?: string; ip?: string }): NextCall {
  return { tool: "build_timeline", args: { ...args } };
}

/** Adds startTime/endTime (evidence +- 1 h, end at most now) unless the rule set them. */
export function withWindow(call: NextCall, firstMs: number, lastMs: number, nowMs: number): NextCall {
  if (call.tool === "message_trace" || call.args.startTime !== undefined) return call;
  return {
    tool: call.tool,
    args: {
      ...call.args,
      startTime: new Date(firstMs - HOUR_MS).toISOString(),
      endTime: new Date(Math.min(nowMs, lastMs + HOUR_MS)).toISOString(),
    },
  };
}
