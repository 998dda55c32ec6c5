// Bearer tokens only to allowed hosts (design.md sections 3 and 10): bearer tokens go only to the configured
// hosts. A foreign HTTPS host the client would trust records every request; planted contentUris, forged
// cursors, planted next-page links and redirects from an allowed host must all be refused with a reason, and
// the foreign host must see nothing at all.
import type { CallToolResult } from "@modelcontextprotocol/server";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import type { listAvailableContent } from "../../tools/list_available_content.js";
import type { messageTrace } from "../../tools/message_trace.js";
import type { retrieveContent } from "../../tools/retrieve_content.js";
import type { searchAuditLog } from "../../tools/search_audit_log.js";
import { type ForeignHost, startForeignHost } from "../helpers/foreign-host.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";
import { type RogueService, startRogueService } from "./rogue-service.js";

let emu: EmulatorHandle;
let foreign: ForeignHost;
let rogue: RogueService;
let h: Harness;
/** Same tenant, but management/graph/reporting all point at the rogue (allowed) host. */
let hr: Harness;
let tokenRogue: Harness;

const REFUSED =
  /HOST_NOT_ALLOWED|not one of the configured|outside the allowed|not an allowed|not followed|CONTENT_URI_REFUSED|INVALID_CURSOR/;

function refused(result: CallToolResult, text: string, pattern: RegExp = REFUSED): void {
  expect(result).toBeToolResult({ isError: true });
  expect(text).toMatch(pattern);
}

/** Re-encodes a cursor with every link field of its state pointed at the foreign host (keeping its MAC). */
function forge(cursor: string, fields: string[], url: string): string {
  const [payload, mac] = [cursor.slice(0, -22), cursor.slice(-22)];
  const envelope = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
    s: Record<string, unknown>;
  };
  for (const f of fields) envelope.s[f] = url;
  return `${Buffer.from(JSON.stringify(envelope), "utf8").toString("base64url")}${mac}`;
}

beforeAll(async () => {
  emu = await startEmulator({ quiet: true, recordsPerBlob: 5, contentPageSize: 3 });
  foreign = await startForeignHost(emu);
  rogue = await startRogueService(emu, foreign.origin);
  h = await startHarness({ emu, config: { maxRetries: 0 } });
  const scopes = {
    management: [`${emu.managementUrl}/.default`],
    graph: [`${emu.graphUrl}/.default`],
    reporting: [`${emu.reportingUrl}/.default`],
  };
  hr = await startHarness({
    emu,
    config: {
      managementUrl: rogue.origin,
      graphUrl: rogue.origin,
      reportingUrl: rogue.origin,
      scopes,
      maxRetries: 0,
    },
  });
  tokenRogue = await startHarness({
    emu,
    config: { tokenUrl: `${rogue.origin}/${emu.tenantId}/oauth2/v2.0/token`, maxRetries: 0 },
  });
});

afterEach(() => {
  // The invariant of the whole file: the foreign host never saw a request, so never a token.
  expect(foreign.seen).toEqual([]);
  rogue.plan = {};
});

afterAll(async () => {
  for (const x of [h, hr, tokenRogue]) await x?.close();
  await rogue?.close();
  await foreign?.close();
  await emu?.close();
});

describe("bearer tokens only go to the configured hosts", () => {
  it("the foreign host is reachable and trusted, so a request would have been recorded", async () => {
    const { Agent, request } = await import("undici");
    const dispatcher = new Agent({ connect: { ca: emu.caCertPem } });
    const res = await request(`${foreign.origin}/probe`, { dispatcher });
    await res.body.text();
    await dispatcher.close();
    expect(res.statusCode).toBe(200);
    expect(foreign.seen).toHaveLength(1);
    foreign.seen.length = 0;
  });

  it("refuses a planted foreign contentUri in retrieve_content and says why", async () => {
    for (const contentUri of [
      `${foreign.origin}/api/v1.0/${emu.tenantId}/activity/feed/audit/x$y`,
      `${foreign.origin.replace("https:", "http:")}/api/v1.0/${emu.tenantId}/activity/feed/audit/x`,
      `${emu.managementUrl.replace("https://", `https://user:pw@`)}/api/v1.0/${emu.tenantId}/activity/feed/audit/x`,
      `${emu.managementUrl}@${foreign.origin.slice("https://".length)}/api/v1.0/${emu.tenantId}/activity/feed/audit/x`,
    ]) {
      const r = await h.call("retrieve_content", { contentUri });
      refused(r, h.text(r));
    }
  });

  it("refuses forged cursors whose page link or blob URI points at the foreign host", async () => {
    const evil = `${foreign.origin}/api/v1.0/${emu.tenantId}/activity/feed/subscriptions/content?contentType=Audit.Exchange`;
    const listed = await h.call("list_available_content", { contentType: "Audit.Exchange", limit: 1 });
    const listCursor = outputOf<typeof listAvailableContent>(listed).nextCursor;
    expect(listCursor, h.text(listed)).toBeTruthy();
    const r1 = await h.call("list_available_content", {
      contentType: "Audit.Exchange",
      limit: 1,
      cursor: forge(listCursor as string, ["p"], evil),
    });
    refused(r1, h.text(r1));

    const { blobs } = outputOf<typeof listAvailableContent>(listed);
    const read = await h.call("retrieve_content", { contentId: blobs[0].contentId, limit: 1 });
    const readCursor = outputOf<typeof retrieveContent>(read).nextCursor;
    expect(readCursor, h.text(read)).toBeTruthy();
    const r2 = await h.call("retrieve_content", {
      contentId: blobs[0].contentId,
      cursor: forge(
        readCursor as string,
        ["uri"],
        `${foreign.origin}/api/v1.0/${emu.tenantId}/activity/feed/audit/x`,
      ),
    });
    refused(r2, h.text(r2));

    const trace = await h.call("message_trace", { senderAddress: emu.incident.attackerSender, limit: 1 });
    const traceCursor = outputOf<typeof messageTrace>(trace).nextCursor;
    expect(traceCursor, h.text(trace)).toBeTruthy();
    const r3 = await h.call("message_trace", {
      senderAddress: emu.incident.attackerSender,
      limit: 1,
      cursor: forge(
        traceCursor as string,
        ["p"],
        `${foreign.origin}/v1.0/admin/exchange/tracing/messageTraces`,
      ),
    });
    refused(r3, h.text(r3));

    const notifications = Buffer.from(
      JSON.stringify({
        v: 1,
        k: "list_notifications",
        t: Date.now(),
        s: { contentType: "Audit.Exchange", pageUri: evil, skip: 0 },
      }),
    ).toString("base64url");
    const r4 = await h.call("list_notifications", { contentType: "Audit.Exchange", cursor: notifications });
    refused(r4, h.text(r4));
  });

  it("does not follow a planted NextPageUri from an allowed host (list_available_content, list_notifications, search_audit_log)", async () => {
    rogue.plan = { foreignNextLinks: true };
    const listed = await hr.call("list_available_content", { contentType: "Audit.Exchange" });
    refused(listed, hr.text(listed));
    const notes = await hr.call("list_notifications", { contentType: "Audit.Exchange" });
    refused(notes, hr.text(notes));
    const search = await hr.call("search_audit_log", { contentTypes: ["Audit.Exchange"] });
    const text = `${hr.text(search)} ${JSON.stringify(search.structuredContent ?? {})}`;
    expect(text).toMatch(REFUSED);
    expect(rogue.paths.some((p) => p.endsWith("/subscriptions/content"))).toBe(true);
  });

  it("does not fetch planted foreign blob contentUris listed by an allowed host (search_audit_log)", async () => {
    rogue.plan = { foreignContentUris: true };
    const search = await hr.call("search_audit_log", { contentTypes: ["Audit.Exchange"] });
    const text = `${hr.text(search)} ${JSON.stringify(search.structuredContent ?? {})}`;
    expect(text).toMatch(REFUSED);
    if (!search.isError) {
      const { coverage } = outputOf<typeof searchAuditLog>(search);
      expect(JSON.stringify(coverage)).toMatch(/planted/);
    }
    // The listing itself may show the URIs (they are data), but reading one by its contentUri is refused.
    const listed = await hr.call("list_available_content", { contentType: "Audit.Exchange" });
    const uri = outputOf<typeof listAvailableContent>(listed).blobs?.[0]?.contentUri;
    expect(uri, hr.text(listed)).toContain(foreign.origin);
    const read = await hr.call("retrieve_content", { contentUri: uri });
    refused(read, hr.text(read));
  });

  it("does not follow a planted @odata.nextLink (Graph) or d.__next (legacy) from an allowed host", async () => {
    rogue.plan = { foreignNextLinks: true };
    const graph = await hr.call("message_trace", { senderAddress: "a@b.example", backend: "graph" });
    refused(graph, hr.text(graph));
    const legacy = await hr.call("message_trace", { senderAddress: "a@b.example", backend: "reporting" });
    refused(legacy, hr.text(legacy));
    const detail = await hr.call("message_trace_detail", {
      messageTraceId: "8f5c1e2a-1111-4222-8333-944445555666",
      recipientAddress: "a@b.example",
      backend: "graph",
    });
    if (detail.isError) expect(hr.text(detail)).toMatch(REFUSED);
  });

  it.each([301, 302, 307, 308] as const)(
    "does not follow a %i redirect from an allowed host, and says so",
    async (status) => {
      rogue.plan = { redirect: status };
      for (const [tool, args] of [
        ["list_subscriptions", {}],
        ["message_trace", { senderAddress: "a@b.example", backend: "graph" }],
        ["message_trace", { senderAddress: "a@b.example", backend: "reporting" }],
      ] as const) {
        const r = await hr.call(tool, args);
        refused(r, hr.text(r), /redirect/i);
      }
    },
  );

  it("does not follow a redirect from the token endpoint, so the client secret stays home", async () => {
    rogue.plan = { redirect: 307 };
    const r = await tokenRogue.call("list_subscriptions", {});
    expect(r).toBeToolResult({ isError: true });
    expect(tokenRogue.text(r)).not.toContain(emu.clientSecret);
  });
});
