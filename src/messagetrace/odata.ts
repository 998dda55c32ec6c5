// OData literals for message-trace filters. Every caller-supplied value goes through one of these, so a
// value can never end its literal and add clauses (o365-api.md 2.3, 3.2).
import { O365Error } from "../errors.js";
import { isGuid } from "../identifiers.js";

const MAX_LITERAL = 512;

/** A single-quoted OData string literal; a quote inside is doubled (OData ABNF SQUOTE-in-string). */
export function odataString(value: string, field: string): string {
  if (value.length > MAX_LITERAL || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new O365Error({
      api: "input",
      code: "INVALID_FILTER_VALUE",
      message: `${field} is longer than ${MAX_LITERAL} characters or contains control characters.`,
      hint: `Give ${field} as plain text, e.g. an SMTP address like user@contoso.com.`,
    });
  }
  return `'${value.replace(/'/g, "''")}'`;
}

/** Checks a GUID (message trace id) and returns it trimmed; malformed ids are refused before any request. */
export function assertGuid(value: string, field: string): string {
  const trimmed = value.trim().replace(/^\{(.*)\}$/, "$1");
  if (isGuid(trimmed)) return trimmed;
  throw new O365Error({
    api: "input",
    code: "INVALID_GUID",
    message: `${field} "${value.slice(0, 60)}" is not a GUID.`,
    hint: `${field} must look like 579cd25c-9b30-4ce4-d5eb-08da70ab3b38 (8-4-4-4-12 hex digits); copy it from the messageTraceId of a message_trace row.`,
  });
}

/** Legacy Reporting Web Service GUID literal: guid'...'. */
export function odataGuid(value: string, field: string): string {
  return `guid'${assertGuid(value, field)}'`;
}

/** ISO-8601 UTC to the second, YYYY-MM-DDThh:mm:ssZ (the Graph message trace filter format). */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** Legacy OData v2 datetime literal: datetime'YYYY-MM-DDThh:mm:ssZ'. */
export function odataDateTime(date: Date): string {
  return `datetime'${isoSeconds(date)}'`;
}

export function andAll(clauses: string[]): string {
  return clauses.join(" and ");
}
