// Tool-input checks the JSON Schema cannot express (mcp-notes.md 2.3: validate in the handler). Each
// failure is an O365Error api "input" that tells the model what to fix.
import { O365Error } from "../errors.js";
import { isGuid } from "../identifiers.js";

export function invalidInput(code: string, message: string, hint: string): O365Error {
  return new O365Error({ api: "input", code, message, hint });
}

export function requireGuid(value: string, field: string): string {
  const text = value.trim();
  if (!isGuid(text)) {
    throw invalidInput(
      "INVALID_GUID",
      `${field} "${value.slice(0, 60)}" is not a GUID.`,
      `Give ${field} as a GUID like 4451a062-48cb-e80d-e8c0-196330437ae6 (copy it from a message_trace row).`,
    );
  }
  return text.toLowerCase();
}

/** Exactly one of the named arguments must be present. */
export function requireExactlyOne(args: Record<string, unknown>, names: string[]): string {
  const given = names.filter((n) => args[n] !== undefined && args[n] !== "");
  if (given.length !== 1) {
    throw invalidInput(
      "INVALID_ARGUMENTS",
      given.length === 0
        ? `Give one of ${names.join(" or ")}.`
        : `Give only one of ${names.join(" or ")}, not both.`,
      `Pass exactly one of ${names.join(", ")}.`,
    );
  }
  return given[0];
}
