// Response bodies are parsed at the edge (style.md): a body that is not in the documented shape becomes one
// MALFORMED_RESPONSE error naming what was expected, for every API client alike.
import type { z } from "zod";
import type { Api } from "../config/types.js";
import { O365Error } from "../errors.js";

/** Parses a response body or throws MALFORMED_RESPONSE naming what was expected. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown, what: string, api: Api): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
  throw new O365Error({
    api,
    code: "MALFORMED_RESPONSE",
    message: `The ${what} response was not in the documented shape${where}: ${issue?.message ?? "invalid"}.`,
    hint: "Retry; if it persists the service or a proxy in between is answering with something else.",
  });
}
