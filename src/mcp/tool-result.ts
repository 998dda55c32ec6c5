// How a tool call's outcome reaches the client: the error text a user sees (message and hint, never a
// stack trace) and the last redaction pass over every result (design.md section 10).
import type { CallToolResult } from "@modelcontextprotocol/server";
import { ZodError } from "zod";
import type { Config } from "../config/types.js";
import { isO365Error } from "../errors.js";

/** The audit log's error code for a failure. */
export function errorCodeOf(error: unknown): string {
  return isO365Error(error) ? error.code : error instanceof ZodError ? "INVALID_INPUT" : "INTERNAL";
}

/** What the user sees for a failure: message and hint, never a stack trace. */
export function errorText(tool: string, error: unknown): string {
  if (isO365Error(error)) return error.toUserText();
  if (error instanceof ZodError) {
    const issues = error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ");
    return `[INVALID_INPUT] Invalid arguments for ${tool}: ${issues}\nHint: fix the named arguments and call again.`;
  }
  const message = error instanceof Error ? error.message : String(error);
  return `[INTERNAL] ${tool} failed unexpectedly: ${message.split("\n")[0].slice(0, 300)}\nHint: this is a bug in office365-mcp or an unexpected answer from the service; retry, and report it if it persists.`;
}

/** Last line of defence: configured secrets never leave in a result, whatever a lower layer put there. */
function secretsOf(config: Config): string[] {
  return [config.clientSecret, config.refreshToken, config.clientCertPassword, config.http.token].filter(
    (s): s is string => typeof s === "string" && s.length >= 6,
  );
}

export function redactResult(result: CallToolResult, config: Config): CallToolResult {
  const secrets = secretsOf(config);
  if (secrets.length === 0) return result;
  const json = JSON.stringify(result);
  if (!secrets.some((s) => json.includes(s))) return result;
  let redacted = json;
  for (const secret of secrets)
    redacted = redacted.split(JSON.stringify(secret).slice(1, -1)).join("[redacted]");
  return JSON.parse(redacted) as CallToolResult;
}
