// A hand-written audit search API for unit tests: queries move through the statuses they are scripted with,
// records come in pages; every call is recorded.
import { O365Error } from "../../src/errors.js";
import type { AuditQueryApi, CreateQueryRequest } from "../../src/history/api.js";
import type { AuditLogQuery } from "../../src/history/wire.js";
import { createPageGuard } from "../../src/http/page-guard.js";

export interface FakeQuery {
  statuses: string[];
  pages: unknown[][];
  limitExceeded?: boolean;
}

export class FakeAuditApi implements AuditQueryApi {
  readonly calls: string[] = [];
  readonly created: CreateQueryRequest[] = [];
  readonly queries = new Map<string, FakeQuery & { polls: number }>();
  private next = 1;

  constructor(private readonly script: () => FakeQuery) {}

  async version() {
    return "beta" as const;
  }

  private view(id: string): AuditLogQuery {
    const q = this.queries.get(id);
    if (!q) throw new O365Error({ api: "graph", status: 404, code: "NotFound", message: "gone", hint: "-" });
    const status = q.statuses[Math.min(q.polls, q.statuses.length - 1)];
    return { id, status, isRecordCountLimitExceeded: q.limitExceeded ?? false, recordCountLimit: 1_000_000 };
  }

  async create(
    req: CreateQueryRequest = { displayName: "t", start: new Date(0), end: new Date(1), filters: {} },
  ) {
    const id = `00000000-0000-0000-0000-${String(this.next++).padStart(12, "0")}`;
    this.calls.push(`create ${id}`);
    this.created.push(req);
    this.queries.set(id, { ...this.script(), polls: 0 });
    return { query: this.view(id), version: "beta" as const };
  }

  async get(id: string) {
    this.calls.push(`get ${id}`);
    const q = this.queries.get(id);
    if (q) q.polls++;
    return this.view(id);
  }

  async records(id: string, _v: unknown, link: string | undefined) {
    this.calls.push(`records ${id} ${link ?? "first"}`);
    const q = this.queries.get(id);
    const index = link === undefined ? 0 : Number(new URL(link).searchParams.get("p"));
    const rows = q?.pages[index] ?? [];
    const more = q !== undefined && index + 1 < q.pages.length;
    return { rows, ...(more ? { next: `https://graph.test/r?p=${index + 1}` } : {}) };
  }

  pageGuard(first: string) {
    return createPageGuard("graph", "test paging", { startLink: first });
  }
}

/** An auditLogRecord wrapping a feed record (audit-search-api.md 3.3). */
export function apiRow(record: Record<string, unknown>): Record<string, unknown> {
  return {
    id: record.Id,
    createdDateTime: `${String(record.CreationTime)}Z`,
    operation: record.Operation,
    clientIp: null,
    auditData: {
      "@odata.type": "#microsoft.graph.security.defaultAuditData",
      ...record,
      "RecordType@odata.type": "#Int64",
    },
  };
}
