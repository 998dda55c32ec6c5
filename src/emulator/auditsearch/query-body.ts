// The create body of an auditLogQuery (audit-search-api.md 1.2), read as the service reads it: lenient
// about unknown properties, `status` and the read-only limit fields (ignored, as Extractor-Suite's
// `"status": ""` shows), strict about types. Where the sheet leaves validation open (7.10, 7.12) the
// choices are: both dates required (the backend search has StartDateUtc/EndDateUtc, 2.6, and the portal
// requires a range), zone-less times are UTC, the end must be after the start, and an unknown
// record-type name is a 400 like any OData enum value that does not deserialise (7.4).
import { GraphError } from "../graph/errors.js";
import { recordTypeNumber } from "./record-types.js";

export interface QueryFilters {
  displayName: string | null;
  filterStartDateTime: string;
  filterEndDateTime: string;
  start: number;
  end: number;
  recordTypeFilters: string[];
  /** RecordType numbers of recordTypeFilters. */
  recordTypes: number[];
  keywordFilter: string | null;
  /** The singular form proven on the wire (1.2); the emulator also honours serviceFilters (5). */
  serviceFilter: string | null;
  serviceFilters: string[];
  operationFilters: string[];
  userPrincipalNameFilters: string[];
  ipAddressFilters: string[];
  objectIdFilters: string[];
  administrativeUnitIdFilters: string[];
}

const STRING_LISTS = [
  "serviceFilters",
  "operationFilters",
  "userPrincipalNameFilters",
  "ipAddressFilters",
  "objectIdFilters",
  "administrativeUnitIdFilters",
] as const;
/** Far more than any client batches (one sends 25 UPNs, 1.2); bounds the emulator's matching work. */
const MAX_LIST = 500;
const MAX_TEXT = 4000;

const bad = (message: string): GraphError => new GraphError(400, "BadRequest", message);

export function parseQueryBody(body: Buffer, contentType: string | undefined): QueryFilters {
  if (!contentType || !/^application\/json\b/i.test(contentType.trim()))
    throw new GraphError(
      415,
      "UnsupportedMediaType",
      "The request content type is not supported. Send Content-Type: application/json.",
    );
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    throw bad(
      "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
    );
  }
  if (typeof json !== "object" || json === null || Array.isArray(json))
    throw bad("The request body must be a JSON object (an auditLogQuery).");
  const o = json as Record<string, unknown>;
  const start = dateProperty(o, "filterStartDateTime");
  const end = dateProperty(o, "filterEndDateTime");
  if (!(end.ms > start.ms))
    throw bad(`filterEndDateTime (${end.text}) must be later than filterStartDateTime (${start.text}).`);
  const recordTypeFilters = stringList(o, "recordTypeFilters");
  const recordTypes = recordTypeFilters.map((name) => {
    const n = recordTypeNumber(name);
    if (n === undefined)
      throw bad(
        `The value '${name}' in recordTypeFilters is not a member of microsoft.graph.security.auditLogRecordType. Use a record type name such as 'AzureActiveDirectoryStsLogon' or 'exchangeAdmin'.`,
      );
    return n;
  });
  const lists = Object.fromEntries(STRING_LISTS.map((key) => [key, stringList(o, key)])) as Record<
    (typeof STRING_LISTS)[number],
    string[]
  >;
  return {
    displayName: optionalText(o, "displayName"),
    filterStartDateTime: start.text,
    filterEndDateTime: end.text,
    start: start.ms,
    end: end.ms,
    recordTypeFilters,
    recordTypes,
    keywordFilter: optionalText(o, "keywordFilter"),
    serviceFilter: optionalText(o, "serviceFilter"),
    ...lists,
  };
}

/** An Edm.DateTimeOffset: ISO 8601 date-time, with or without a zone (zone-less = UTC, 1.2). */
function dateProperty(o: Record<string, unknown>, key: string): { text: string; ms: number } {
  const value = o[key];
  if (value === undefined || value === null || value === "")
    throw bad(
      `${key} is required: give the search window as ISO 8601 UTC times, e.g. "2026-07-16T09:00:00Z".`,
    );
  const match =
    typeof value === "string"
      ? /^(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d{1,7})?)?)(Z|[+-]\d\d:\d\d)?$/i.exec(value)
      : null;
  const ms = match ? Date.parse(`${match[1]}${match[2] ?? "Z"}`) : Number.NaN;
  if (!match || Number.isNaN(ms))
    throw bad(
      `Cannot convert the literal '${String(value)}' of ${key} to the expected type 'Edm.DateTimeOffset'.`,
    );
  // Echoed as the service's entity would hold it: UTC, second precision when no fraction was sent.
  const iso = new Date(ms).toISOString();
  return { text: match[1].includes(".") ? iso : `${iso.slice(0, 19)}Z`, ms };
}

function optionalText(o: Record<string, unknown>, key: string): string | null {
  const value = o[key];
  if (value === undefined || value === null) return null;
  if (typeof value !== "string") throw bad(`${key} must be a string.`);
  if (value.length > MAX_TEXT) throw bad(`${key} is longer than ${MAX_TEXT} characters.`);
  return value;
}

function stringList(o: Record<string, unknown>, key: string): string[] {
  const value = o[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string"))
    throw bad(`${key} must be an array of strings.`);
  if (value.length > MAX_LIST)
    throw bad(`${key} has ${value.length} values; send at most ${MAX_LIST} per query.`);
  return value as string[];
}
