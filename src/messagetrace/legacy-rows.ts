// Reading Reporting Web Service responses (o365-api.md 2.4): OData v2 verbose ({d:{results,__next}},
// /Date(ms)/, __metadata, Index) and v3 JSON light ({value, "odata.nextLink": "../../..."}).
import { z } from "zod";
import { parseBody } from "../http/response-body.js";
import { decodeDetailData } from "./detail-data.js";
import { resolveReportingLink } from "./links.js";
import { isoFromService } from "./service-time.js";
import { statusFromService } from "./status.js";
import type { MessageTraceDetailEvent, MessageTraceRow } from "./types.js";

type Entity = Record<string, unknown>;
const entity = z.record(z.string(), z.unknown());

const legacyBodySchema = z.union([
  z.object({
    d: z.union([z.object({ results: z.array(entity), __next: z.string().nullish() }), z.array(entity)]),
  }),
  z.object({
    value: z.array(entity),
    "odata.nextLink": z.string().nullish(),
    "@odata.nextLink": z.string().nullish(),
  }),
]);

/** The entities of one page and the absolute link to the next page, if any (not yet allowlist-checked). */
export function parseLegacyBody(body: unknown, reportingUrl: string): { entities: Entity[]; next?: string } {
  const parsed = parseBody(legacyBodySchema, body, "Reporting Web Service", "reporting");
  if ("d" in parsed) {
    if (Array.isArray(parsed.d)) return { entities: parsed.d };
    return parsed.d.__next
      ? { entities: parsed.d.results, next: parsed.d.__next }
      : { entities: parsed.d.results };
  }
  const link = parsed["odata.nextLink"] ?? parsed["@odata.nextLink"];
  return link
    ? { entities: parsed.value, next: resolveReportingLink(link, reportingUrl) }
    : { entities: parsed.value };
}

// Fields we never pass on: OData plumbing and the window echoed on every row (design.md section 8).
const DROPPED = new Set(["__metadata", "index", "startdate", "enddate"]);
const CORE = new Set([
  "received",
  "senderaddress",
  "recipientaddress",
  "subject",
  "status",
  "size",
  "messageid",
  "messagetraceid",
  "fromip",
  "toip",
]);

/** Field lookup that tolerates casing differences between the two JSON formats. */
function fieldsOf(raw: Entity): Map<string, unknown> {
  return new Map(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v]));
}

function text(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === "string" ? v : String(v);
}

/** One MessageTrace entity as a row; fields missing (e.g. after $select) become "" or null. */
export function legacyRow(raw: Entity): MessageTraceRow {
  const f = fieldsOf(raw);
  const size = f.get("size");
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    const lower = k.toLowerCase();
    if (!DROPPED.has(lower) && !CORE.has(lower)) extra[k] = v;
  }
  const row: MessageTraceRow = {
    received: f.has("received") ? isoFromService(f.get("received")) : "",
    senderAddress: text(f.get("senderaddress")) ?? "",
    recipientAddress: text(f.get("recipientaddress")) ?? "",
    subject: text(f.get("subject")),
    status: statusFromService(text(f.get("status"))),
    size: typeof size === "number" ? size : size == null || size === "" ? null : Number(size) || null,
    messageId: text(f.get("messageid")),
    messageTraceId: text(f.get("messagetraceid")) ?? "",
    fromIP: text(f.get("fromip")) || null,
    toIP: text(f.get("toip")) || null,
  };
  return Object.keys(extra).length > 0 ? { ...row, extra } : row;
}

/** One MessageTraceDetail entity: Date, Event, Action, Detail, Data (o365-api.md 2.5). */
export function legacyDetailEvent(raw: Entity): MessageTraceDetailEvent {
  const f = fieldsOf(raw);
  const data = decodeDetailData(text(f.get("data")));
  return {
    date: isoFromService(f.get("date")),
    event: text(f.get("event")) ?? "",
    action: text(f.get("action")) || null,
    description: text(f.get("detail")) ?? "",
    ...(data ? { data } : {}),
  };
}
