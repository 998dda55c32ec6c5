// The tool-call audit log: one JSON line per call (tool, arguments with secrets redacted, outcome, duration,
// API requests), appended to the configured file or written to the diagnostic log.
import { appendFile } from "node:fs/promises";
import { z } from "zod";
import { redactorFor, redactValue } from "../config/secret-redaction.js";
import type { ServerDeps } from "../deps.js";

const AUDIT_STRING_MAX = 200;
const SECRET_KEY = /secret|token|password|passwd|credential|auth|bearer|cookie|private|key$/i;

export const auditLineSchema = z.object({
  time: z.string(),
  tool: z.string(),
  args: z.record(z.string(), z.unknown()),
  /** cancelled: the client sent notifications/cancelled before the result. */
  outcome: z.enum(["ok", "error", "cancelled"]),
  errorCode: z.string().optional(),
  durationMs: z.number(),
  apiRequests: z.number(),
});
export type AuditLine = z.infer<typeof auditLineSchema>;
export type AuditOutcome = AuditLine["outcome"];

/** Arguments for the audit log: strings cut to 200 chars, secret-looking keys redacted. */
export function auditArgs(value: unknown, key = ""): unknown {
  if (key && SECRET_KEY.test(key)) return "[redacted]";
  if (typeof value === "string") {
    return value.length > AUDIT_STRING_MAX ? `${value.slice(0, AUDIT_STRING_MAX)}…` : value;
  }
  if (Array.isArray(value)) return value.map((v) => auditArgs(v));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, auditArgs(v, k)]));
  }
  return value;
}

export async function writeAuditLine(deps: ServerDeps, line: AuditLine): Promise<void> {
  // Error codes and arguments can carry what a service echoed: the same redaction as every other edge.
  const text = JSON.stringify(redactValue(line, redactorFor(deps.config)));
  if (!deps.config.auditLog) {
    deps.log(text);
    return;
  }
  try {
    await appendFile(deps.config.auditLog, `${text}\n`, { mode: 0o600 });
  } catch (error) {
    deps.log(`audit log ${deps.config.auditLog} not writable: ${(error as Error).message}`);
    deps.log(text);
  }
}
