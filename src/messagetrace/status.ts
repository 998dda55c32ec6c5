// Message trace status names: PascalCase in our rows and the legacy service, camelCase in Graph
// (o365-api.md 2.6, 3.2). Services are compared case-insensitively.
import { O365Error } from "../errors.js";
import { MESSAGE_TRACE_STATUSES } from "./types.js";

type Status = (typeof MESSAGE_TRACE_STATUSES)[number];
const BY_LOWER = new Map<string, Status>(MESSAGE_TRACE_STATUSES.map((s) => [s.toLowerCase(), s]));

/** A status from user input, as the canonical PascalCase name; unknown names are refused. */
export function normalizeStatus(value: string): Status {
  const found = BY_LOWER.get(value.trim().toLowerCase());
  if (found) return found;
  throw new O365Error({
    api: "input",
    code: "INVALID_STATUS",
    message: `Unknown message trace status "${value.slice(0, 40)}".`,
    hint: `Use one of: ${MESSAGE_TRACE_STATUSES.join(", ")}.`,
  });
}

/** A status from a service response as PascalCase; values we do not know are kept as sent. */
export function statusFromService(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  return BY_LOWER.get(value.toLowerCase()) ?? value;
}

/** Graph's enum spelling: delivered, filteredAsSpam, gettingStatus ... */
export function graphStatus(status: Status): string {
  return status.charAt(0).toLowerCase() + status.slice(1);
}
