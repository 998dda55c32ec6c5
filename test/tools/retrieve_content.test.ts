import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ToolOutput } from "../../src/mcp/tool-definition.js";
import type { listAvailableContent } from "../../tools/list_available_content.js";
import type { retrieveContent } from "../../tools/retrieve_content.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";

const DEFAULT_KEYS = new Set([
  "CreationTime",
  "Operation",
  "UserId",
  "ClientIP",
  "Workload",
  "RecordType",
  "ResultStatus",
  "ObjectId",
  "MailboxOwnerUPN",
  "ClientInfoString",
  "LogonType",
  "SiteUrl",
  "SourceFileName",
  "LogonError",
  "UserAgent",
  "Parameters",
  "ModifiedObjectResolvedName",
  "OperationCount",
]);

describe("retrieve_content", () => {
  let h: Harness;
  let blobs: ToolOutput<typeof listAvailableContent>["blobs"];
  beforeAll(async () => {
    h = await startHarness({ emulator: { recordsPerBlob: 30 } });
    const r = await h.call("list_available_content", { contentType: "Audit.Exchange" });
    blobs = outputOf<typeof listAvailableContent>(r).blobs;
  });
  afterAll(async () => {
    await h?.close();
  });

  it("returns trimmed records sorted by time, with record types as names", async () => {
    const r = await h.call("retrieve_content", { contentId: blobs[0].contentId });
    expect(r).toBeToolResult();
    const out = outputOf<typeof retrieveContent>(r);
    expect(out.totalRecords).toBe(out.records.length);
    expect(out.records.length).toBeGreaterThan(0);
    for (const rec of out.records) {
      for (const key of Object.keys(rec)) expect(DEFAULT_KEYS.has(key), key).toBe(true);
      expect(typeof rec.RecordType).toBe("string");
      expect(rec.Operation).toBeTruthy();
    }
    const times = out.records.map((x) => String(x.CreationTime));
    expect(times).toEqual([...times].sort());
    expect(h.text(r)).toMatch(/^Records 1-\d+ of \d+ in the blob\./);
    expect(h.text(r)).toMatch(/«untrusted:[0-9a-f]+»/);
  });

  it("reads by contentUri too, and fields picks exact fields", async () => {
    const r = await h.call("retrieve_content", {
      contentUri: blobs[1].contentUri,
      fields: ["Id", "Operation"],
    });
    const out = outputOf<typeof retrieveContent>(r);
    expect(out.contentUri).toBe(blobs[1].contentUri);
    for (const rec of out.records) expect(Object.keys(rec).sort()).toEqual(["Id", "Operation"]);
  });

  it("pages through a blob with limit and cursor, every record once", async () => {
    const all = outputOf<typeof retrieveContent>(
      await h.call("retrieve_content", { contentId: blobs[2].contentId, fields: ["Id"] }),
    );
    const ids: unknown[] = [];
    let cursor: string | undefined;
    let calls = 0;
    do {
      const r = await h.call("retrieve_content", {
        contentId: blobs[2].contentId,
        fields: ["Id"],
        limit: 7,
        ...(cursor ? { cursor } : {}),
      });
      const out = outputOf<typeof retrieveContent>(r);
      expect(out.offset).toBe(ids.length);
      ids.push(...out.records.map((x) => x.Id));
      cursor = out.nextCursor;
      calls++;
    } while (cursor && calls < 20);
    expect(calls).toBe(Math.ceil(all.totalRecords / 7));
    expect(ids).toEqual(all.records.map((x) => x.Id));
  });

  it("refuses a fields entry that is not a record field name, naming it", async () => {
    const r = await h.call("retrieve_content", { contentId: blobs[1].contentId, fields: ["Id", "a.b"] });
    expect(r).toBeToolResult({
      isError: true,
      text: /\[INVALID_FIELDS\] fields entry "a\.b" is not a record field name/,
    });
  });

  it("needs exactly one of contentId and contentUri", async () => {
    const none = await h.call("retrieve_content", {});
    expect(none).toBeToolResult({ isError: true, text: /Give one of contentId or contentUri/ });
    const both = await h.call("retrieve_content", {
      contentId: blobs[0].contentId,
      contentUri: blobs[0].contentUri,
    });
    expect(both).toBeToolResult({ isError: true, text: /only one of contentId or contentUri/ });
  });

  it("refuses a cursor of another blob", async () => {
    const first = outputOf<typeof retrieveContent>(
      await h.call("retrieve_content", { contentId: blobs[0].contentId, limit: 1 }),
    );
    const r = await h.call("retrieve_content", { contentId: blobs[1].contentId, cursor: first.nextCursor });
    expect(r).toBeToolResult({
      isError: true,
      text: /\[INVALID_CURSOR\] The cursor belongs to another blob/,
    });
  });

  it("explains AF20050 for content that does not exist", async () => {
    const r = await h.call("retrieve_content", {
      contentId: "20261101000000000000000$20261101000000000000000$audit_exchange$Audit_Exchange",
    });
    expect(r).toBeToolResult({ isError: true, text: [/\[AF2005[02]\]/, /Hint: /] });
  });

  it("refuses a malformed content id before calling the API", async () => {
    const r = await h.call("retrieve_content", { contentId: "../../subscriptions/list" });
    expect(r).toBeToolResult({ isError: true, text: /INVALID_CONTENT_ID/ });
  });

  it("explains AF20051 for expired content: gone after 7 days, list newer content", async () => {
    h.emu.control.expireContentBefore(new Date(Date.now() + 60_000));
    const r = await h.call("retrieve_content", { contentId: blobs[3].contentId });
    expect(r).toBeToolResult({ isError: true });
    const text = h.text(r);
    expect(text).toMatch(/\[AF20051\]/);
    expect(text).toMatch(/7 days/);
    expect(text).toMatch(/Hint: List newer content with list_available_content/);
  });
});
