// Service date values to ISO-8601 UTC: MS-JSON "/Date(ms)/" from the legacy verbose format, ISO strings
// (with or without zone) elsewhere (o365-api.md 2.4, 3.2).

const MS_JSON_DATE = /^\/?Date\((-?\d+)(?:[+-]\d{4})?\)\/?$/;

/** ISO-8601 UTC with milliseconds; a value that is not a date is returned unchanged. */
export function isoFromService(value: unknown): string {
  if (typeof value === "number") return new Date(value).toISOString();
  if (typeof value !== "string") return "";
  const text = value.trim().replace(/\\\//g, "/");
  const msJson = MS_JSON_DATE.exec(text);
  if (msJson) return new Date(Number(msJson[1])).toISOString();
  const zoned = /(?:Z|[+-]\d\d:?\d\d)$/i.test(text) ? text : `${text}Z`;
  const ms = Date.parse(zoned);
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}
