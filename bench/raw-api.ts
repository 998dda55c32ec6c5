// Straight undici calls to the emulator, as a client without our trimming would make them: the raw
// payloads the output-size benchmark compares against, and blob sizes for the memory benchmark.
import { gzipSync } from "node:zlib";
import { request } from "undici";
import type { EmulatorProcess } from "./emulator-process.js";

type Json = Record<string, unknown>;

const MAX_PAGES = 100;
const DAY_MS = 86_400_000;

const apiDate = (ms: number): string => new Date(ms).toISOString().slice(0, 19);

export interface RawApi {
  /** GET with a bearer token for the origin's API; the body text and the paging header. */
  get(url: string): Promise<{ text: string; nextPageUri?: string }>;
  /** Every blob of a content type created in [start, end), following NextPageUri. */
  listBlobs(contentType: string, start: Date, end: Date): Promise<Json[]>;
}

export function rawApi(emulator: EmulatorProcess): RawApi {
  const { info, dispatcher } = emulator;
  const tokens = new Map<string, Promise<string>>();
  const tokenFor = (origin: string): Promise<string> => {
    let token = tokens.get(origin);
    if (!token) {
      token = fetchToken(emulator, origin);
      tokens.set(origin, token);
    }
    return token;
  };
  const api: RawApi = {
    async get(url) {
      const token = await tokenFor(new URL(url).origin);
      const res = await request(url, { dispatcher, headers: { authorization: `Bearer ${token}` } });
      const text = await res.body.text();
      if (res.statusCode !== 200) throw new Error(`GET ${new URL(url).pathname}: HTTP ${res.statusCode}`);
      const next = res.headers.nextpageuri;
      return { text, nextPageUri: typeof next === "string" && next !== "" ? next : undefined };
    },
    async listBlobs(contentType, start, end) {
      const feed = `${info.managementUrl}/api/v1.0/${info.tenantId}/activity/feed`;
      const blobs: Json[] = [];
      // The API refuses windows over 24 h (AF20030): list day by day.
      for (let from = start.getTime(); from < end.getTime(); from += DAY_MS) {
        const to = Math.min(end.getTime(), from + DAY_MS);
        const window = `startTime=${apiDate(from)}&endTime=${apiDate(to)}`;
        let url: string | undefined = `${feed}/subscriptions/content?contentType=${contentType}&${window}`;
        for (let page = 0; url && page < MAX_PAGES; page++) {
          const { text, nextPageUri }: { text: string; nextPageUri?: string } = await api.get(url);
          blobs.push(...(JSON.parse(text) as Json[]));
          url = nextPageUri;
        }
      }
      return blobs;
    },
  };
  return api;
}

async function fetchToken(emulator: EmulatorProcess, origin: string): Promise<string> {
  const { info, dispatcher } = emulator;
  const res = await request(info.tokenUrl, {
    method: "POST",
    dispatcher,
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: info.clientId,
      client_secret: info.clientSecret,
      scope: `${origin}/.default`,
    }).toString(),
  });
  const json = (await res.body.json()) as Json;
  if (typeof json.access_token !== "string") throw new Error(`token request failed: HTTP ${res.statusCode}`);
  return json.access_token;
}

/**
 * Mean size of `sample` blobs of the last 24 h, spread over every content type, and how small gzip level 1
 * makes them (what the product's content cache keeps in memory).
 */
export async function sampleBlobBytes(
  emulator: EmulatorProcess,
  sample: number,
): Promise<{ mean: number; gzipRatio: number }> {
  const api = rawApi(emulator);
  const end = new Date();
  const start = new Date(end.getTime() - 86_400_000);
  const types = [
    "Audit.AzureActiveDirectory",
    "Audit.Exchange",
    "Audit.SharePoint",
    "Audit.General",
    "DLP.All",
  ];
  let bytes = 0;
  let gzipped = 0;
  let count = 0;
  for (const type of types) {
    const blobs = await api.listBlobs(type, start, end);
    const step = Math.max(1, Math.floor(blobs.length / Math.ceil(sample / types.length)));
    for (let i = 0; i < blobs.length && count < sample; i += step) {
      const { text } = await api.get(String(blobs[i].contentUri));
      bytes += Buffer.byteLength(text);
      gzipped += gzipSync(text, { level: 1 }).length;
      count++;
    }
  }
  return { mean: count === 0 ? 0 : bytes / count, gzipRatio: bytes === 0 ? 0 : gzipped / bytes };
}
