// The sequential reference: what most peer collectors do (list every page of every content type, then GET
// each blob one at a time, parse it whole, filter). Its own token request and undici calls; it imports
// nothing from the product, so it cannot share the product's speed-ups or bugs.
import { setTimeout as delay } from "node:timers/promises";
import { type Dispatcher, request } from "undici";

export interface ReferenceTarget {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
  managementUrl: string;
  dispatcher: Dispatcher;
}

export interface ReferenceQuery {
  contentTypes: string[];
  startTime: Date;
  endTime: Date;
  operations: string[];
}

export interface ReferenceResult {
  blobs: number;
  bytes: number;
  records: number;
  matches: number;
  requests: number;
  throttled: number;
}

type Json = Record<string, unknown>;

const MAX_PAGES = 1000;
const MAX_THROTTLE_RETRIES = 5;
const DAY_MS = 86_400_000;

export async function runReferenceCollector(t: ReferenceTarget, q: ReferenceQuery): Promise<ReferenceResult> {
  const token = await fetchToken(t);
  const feed = `${t.managementUrl}/api/v1.0/${t.tenantId}/activity/feed`;
  const result: ReferenceResult = { blobs: 0, bytes: 0, records: 0, matches: 0, requests: 0, throttled: 0 };
  const get = async (url: string): Promise<{ body: string; next?: string }> => {
    for (let attempt = 0; ; attempt++) {
      result.requests++;
      const res = await request(url, {
        dispatcher: t.dispatcher,
        headers: { authorization: `Bearer ${token}` },
      });
      const body = await res.body.text();
      if (res.statusCode === 200) {
        const next = res.headers.nextpageuri;
        return { body, next: typeof next === "string" && next !== "" ? next : undefined };
      }
      if ((res.statusCode === 403 && body.includes("AF429")) || res.statusCode === 429) {
        result.throttled++;
        if (attempt >= MAX_THROTTLE_RETRIES) throw new Error(`throttled ${attempt} times on ${url}`);
        await delay(10_000);
        continue;
      }
      throw new Error(`GET ${new URL(url).pathname}: HTTP ${res.statusCode}`);
    }
  };

  const contentUris: string[] = [];
  // A listing spans at most 24 hours (o365-api.md 1.5.5): one window per day of the query, in turn.
  for (let from = q.startTime.getTime(); from < q.endTime.getTime(); from += DAY_MS) {
    const to = new Date(Math.min(from + DAY_MS, q.endTime.getTime()));
    const window = `startTime=${apiDate(new Date(from))}&endTime=${apiDate(to)}`;
    for (const contentType of q.contentTypes) {
      let url: string | undefined =
        `${feed}/subscriptions/content?contentType=${contentType}&${window}&PublisherIdentifier=${t.tenantId}`;
      for (let page = 0; url && page < MAX_PAGES; page++) {
        const { body, next }: { body: string; next?: string } = await get(url);
        for (const item of JSON.parse(body) as Json[]) contentUris.push(String(item.contentUri));
        url = next;
      }
    }
  }

  const wanted = new Set(q.operations.map((o) => o.toLowerCase()));
  const seen = new Set<string>();
  for (const uri of contentUris) {
    const { body } = await get(`${uri}${uri.includes("?") ? "&" : "?"}PublisherIdentifier=${t.tenantId}`);
    result.blobs++;
    result.bytes += Buffer.byteLength(body);
    for (const record of JSON.parse(body) as Json[]) {
      result.records++;
      const id = String(record.Id);
      // Blobs hold events from before their creation: keep the asked window (CreationTime is UTC, no zone).
      const time = Date.parse(`${String(record.CreationTime)}Z`);
      if (time < q.startTime.getTime() || time >= q.endTime.getTime()) continue;
      if (!wanted.has(String(record.Operation).toLowerCase()) || seen.has(id)) continue;
      seen.add(id);
      result.matches++;
    }
  }
  return result;
}

async function fetchToken(t: ReferenceTarget): Promise<string> {
  const form = new URLSearchParams({
    grant_type: "client_credentials",
    client_id: t.clientId,
    client_secret: t.clientSecret,
    scope: `${t.managementUrl}/.default`,
  });
  const res = await request(t.tokenUrl, {
    method: "POST",
    dispatcher: t.dispatcher,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form.toString(),
  });
  const json = (await res.body.json()) as Json;
  if (res.statusCode !== 200 || typeof json.access_token !== "string")
    throw new Error(`token request failed: HTTP ${res.statusCode} ${String(json.error ?? "")}`);
  return json.access_token;
}

function apiDate(d: Date): string {
  return d.toISOString().slice(0, 19);
}
