// message_trace follows the legacy service's pages while its subject filter (applied here, o365-api.md 2.3)
// keeps none of their rows: the paging guard counts what the service returned, so a long search that has
// not matched yet is not mistaken for a next-link chain that makes no progress.
import type { CallToolResult } from "@modelcontextprotocol/server";
import { afterEach, expect, it } from "vitest";
import type { MessageTraceClient, TracePage } from "../../src/messagetrace/types.js";
import { createServer } from "../../src/server.js";
import { connectClient, fakeDeps } from "../helpers/fake-deps.js";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function traceWith(pages: (link: string | undefined) => TracePage) {
  const requested: (string | undefined)[] = [];
  const trace: MessageTraceClient["trace"] = async (req) => {
    requested.push(req.nextPageUri);
    return pages(req.nextPageUri);
  };
  const { server, close } = createServer(fakeDeps({ messageTrace: { trace } }));
  const client = await connectClient(server);
  closers.push(async () => {
    await client.close();
    await close();
  });
  const result = (await client.callTool({
    name: "message_trace",
    arguments: { subject: "Invoice", backend: "reporting" },
  })) as CallToolResult;
  return { result, requested };
}

const pageAfter = (link: string | undefined) => Number(link?.split("skip=")[1] ?? 0);
const nextOf = (n: number) =>
  `https://reports.office365.com/ecp/reportingwebservice/reporting.svc/MessageTrace?skip=${n}`;

it("reads 30 pages whose rows the subject filter drops, without a paging-loop error", async () => {
  const { result, requested } = await traceWith((link) => {
    const n = pageAfter(link) + 1;
    return { rows: [], scanned: 1000, backend: "reporting", ...(n < 30 ? { nextPageUri: nextOf(n) } : {}) };
  });
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  expect(requested).toHaveLength(30);
});

it("still stops a chain of pages the service itself returns empty", async () => {
  const { result, requested } = await traceWith((link) => ({
    rows: [],
    scanned: 0,
    backend: "reporting",
    nextPageUri: nextOf(pageAfter(link) + 1),
  }));
  expect(result.isError).toBe(true);
  expect(JSON.stringify(result.content)).toContain("PAGING_LOOP");
  expect(requested.length).toBeLessThanOrEqual(21);
});
