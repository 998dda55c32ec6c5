// A started emulator with a movable clock and hand-written audit search requests (audit-search-api.md 1):
// raw HTTPS through undici, never the product's client.
import type { Agent } from "undici";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle, EmulatorOptions } from "../../src/emulator/types.js";
import { appToken, type RawResponse, send, trustingAgent } from "./https-client.js";

export const RUNNING_MS = 200;

export interface QueryEntity {
  "@odata.context"?: string;
  "@odata.type": string;
  id: string;
  displayName: string | null;
  filterStartDateTime: string;
  filterEndDateTime: string;
  status: string;
  isRecordCountLimitExceeded?: boolean;
  recordCountLimit?: number;
  approximateReturnedRecordCount?: number;
  [key: string]: unknown;
}

export interface AuditRecordEnvelope {
  id: string;
  createdDateTime: string;
  auditLogRecordType: string;
  operation: string;
  organizationId: string;
  userType: string;
  userId: string;
  service: string;
  objectId: string | null;
  userPrincipalName: string;
  clientIp: null;
  administrativeUnits: string[];
  auditData: Record<string, unknown>;
}

export interface RecordsPage {
  "@odata.context": string;
  "@odata.count": number;
  "@odata.nextLink"?: string;
  value: AuditRecordEnvelope[];
}

export interface AuditSearchFixture {
  emu: EmulatorHandle;
  agent: Agent;
  clock: { ms: number };
  startMs: number;
  token: string;
  /** A client-credentials Graph token of another app of the tenant. */
  tokenOf(clientId: string, secret: string): Promise<string>;
  url(path: string, version?: "beta" | "v1.0"): string;
  request(
    method: "GET" | "POST" | "DELETE",
    pathOrUrl: string,
    init?: { body?: string; headers?: Record<string, string>; token?: string; version?: "beta" | "v1.0" },
  ): Promise<RawResponse>;
  create(body: unknown, init?: { token?: string; version?: "beta" | "v1.0" }): Promise<RawResponse>;
  /** Moves the clock past the running time: the query is finished once its records are gathered. */
  finish(): void;
  /** Polls (real time) until the query's status is terminal; returns the entity. */
  settle(id: string, init?: { token?: string; version?: "beta" | "v1.0" }): Promise<QueryEntity>;
  /** Creates a query, lets it finish and reads all its records (following nextLink). */
  search(
    body: unknown,
    init?: { token?: string; top?: number },
  ): Promise<{ query: QueryEntity; records: AuditRecordEnvelope[]; pages: RecordsPage[] }>;
  allRecords(
    id: string,
    init?: { token?: string; top?: number },
  ): Promise<{ records: AuditRecordEnvelope[]; pages: RecordsPage[] }>;
  close(): Promise<void>;
}

export async function auditSearchFixture(options: EmulatorOptions = {}): Promise<AuditSearchFixture> {
  const clock = { ms: Date.parse("2026-11-27T12:00:00Z") };
  const emu = await startEmulator({
    quiet: true,
    now: () => new Date(clock.ms),
    auditQueryRunningMs: RUNNING_MS,
    ...options,
  });
  const agent = trustingAgent(emu);
  const token = await appToken(agent, emu, emu.graphUrl);
  const url = (path: string, version: "beta" | "v1.0" = "beta") =>
    path.startsWith("https://") ? path : `${emu.graphUrl}/${version}/security/auditLog/${path}`;
  const f: AuditSearchFixture = {
    emu,
    agent,
    clock,
    startMs: clock.ms,
    token,
    tokenOf: (clientId, secret) => appToken(agent, emu, emu.graphUrl, clientId, secret),
    url,
    request: (method, pathOrUrl, init = {}) =>
      send(agent, url(pathOrUrl, init.version), {
        method,
        headers: {
          authorization: `Bearer ${init.token ?? token}`,
          ...(init.body === undefined ? {} : { "content-type": "application/json" }),
          ...init.headers,
        },
        body: init.body,
      }),
    create: (body, init = {}) =>
      f.request("POST", "queries", { ...init, body: typeof body === "string" ? body : JSON.stringify(body) }),
    finish() {
      clock.ms += RUNNING_MS + 1;
    },
    async settle(id, init = {}) {
      // Gathering runs in real time beside the emulator's clock (results.ts): poll briefly.
      const deadline = Date.now() + 170_000;
      while (Date.now() < deadline) {
        const res = await f.request("GET", `queries/${id}`, init);
        if (res.status !== 200) throw new Error(`get: ${res.status} ${res.text}`);
        const q = res.json as QueryEntity;
        if (!["notStarted", "running"].includes(q.status)) return q;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`query ${id} did not finish`);
    },
    async allRecords(id, init = {}) {
      const pages: RecordsPage[] = [];
      let next: string | undefined = url(`queries/${id}/records${init.top ? `?$top=${init.top}` : ""}`);
      while (next) {
        const res = await f.request("GET", next, { token: init.token });
        if (res.status !== 200) throw new Error(`records page: ${res.status} ${res.text}`);
        const body = res.json as RecordsPage;
        pages.push(body);
        next = body["@odata.nextLink"];
      }
      return { records: pages.flatMap((p) => p.value), pages };
    },
    async search(body, init = {}) {
      const created = await f.create(body, init);
      if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
      const id = (created.json as QueryEntity).id;
      f.finish();
      const query = await f.settle(id, init);
      if (query.status !== "succeeded") throw new Error(`query ended ${query.status}`);
      return { query, ...(await f.allRecords(id, init)) };
    },
    async close() {
      await agent.close();
      await emu.close();
    },
  };
  return f;
}

export const DAY = 86_400_000;
/** ISO with Z and second precision, as clients send it. */
export const iso = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19)}Z`;
