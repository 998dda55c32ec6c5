// Every request the emulator served, for tests that assert what the client sent. Authorization values are
// redacted so tokens and secrets never reach a log or a snapshot.
import type { EmuRequest } from "./routing.js";
import type { RecordedRequest } from "./types.js";

const MAX_RECORDS = 50_000;
// Credentials a careless client might put in a query string.
const SECRET_QUERY_KEYS = new Set([
  "client_secret",
  "client_assertion",
  "refresh_token",
  "access_token",
  "code",
]);

export interface Recorder {
  record(req: EmuRequest, route: string, status: number, time: Date): void;
  list(): RecordedRequest[];
  clear(): void;
}

export function createRecorder(): Recorder {
  let records: RecordedRequest[] = [];
  return {
    record(req, route, status, time) {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value === undefined) continue;
        headers[name] = Array.isArray(value) ? value.join(", ") : value;
      }
      if (headers.authorization) headers.authorization = redact(headers.authorization);
      records.push({
        method: req.method,
        path: req.url.pathname,
        query: Object.fromEntries(
          [...req.url.searchParams].map(([k, v]) => [
            k,
            SECRET_QUERY_KEYS.has(k.toLowerCase()) ? "[redacted]" : v,
          ]),
        ),
        headers,
        route,
        status,
        time: time.toISOString(),
      });
      if (records.length > MAX_RECORDS) records = records.slice(-MAX_RECORDS);
    },
    list: () => records.map((r) => ({ ...r, query: { ...r.query }, headers: { ...r.headers } })),
    clear() {
      records = [];
    },
  };
}

function redact(value: string): string {
  const scheme = /^(\S+)\s/.exec(value)?.[1];
  return scheme ? `${scheme} [redacted]` : "[redacted]";
}
