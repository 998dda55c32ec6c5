// How a tool call's outcome reaches the client: the error text a user sees (message and hint, never a
// stack trace). Redaction is src/config/secret-redaction.ts, applied where text leaves the process.
import { ZodError } from "zod";
import { isO365Error } from "../errors.js";

/** The audit log's error code for a failure. */
export function errorCodeOf(error: unknown): string {
  return isO365Error(error) ? error.code : error instanceof ZodError ? "INVALID_INPUT" : "INTERNAL";
}

/** True for the errors an aborted signal makes (fetch, undici, AbortSignal.throwIfAborted). */
export function isCancellation(error: unknown): boolean {
  return (
    error instanceof Error &&
    (error.name === "AbortError" || (isO365Error(error) && error.code === "CANCELLED"))
  );
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
