// What a text-only client sees of search_audit_log, through a real MCP client against the emulator: every
// match named by an Id prefix that fetches it whole, repeated values said once, a short cursor, and the
// normal coverage in one line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { searchAuditLog } from "../../tools/search_audit_log.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";

const out = outputOf<typeof searchAuditLog>;

let h: Harness;
let window: { startTime: string; endTime: string };

beforeAll(async () => {
  h = await startHarness();
  const i = h.emu.incident;
  window = {
    startTime: new Date(Date.parse(i.phishReceived) - 3_600_000).toISOString(),
    endTime: new Date(Date.parse(i.fileDownloaded) + 3_600_000).toISOString(),
  };
});
afterAll(() => h?.close());

/** The fenced table of a result: its column names and its rows, cell by cell. */
function table(text: string): { columns: string[]; rows: string[][] } {
  const lines = text.split("\n");
  const start = lines.findIndex((l) => l.startsWith("CreationTime\t"));
  const end = lines.findIndex((l, i) => i > start && l.startsWith("«/untrusted:"));
  return {
    columns: lines[start].split("\t"),
    rows: lines.slice(start + 1, end).map((l) => l.split("\t")),
  };
}

describe("search_audit_log text", () => {
  it("names every match by an Id prefix, with its time, operation, user and IP", async () => {
    const r = await h.call("search_audit_log", { ...window, workloads: ["Exchange"], limit: 40 });
    expect(r).toBeToolResult();
    const { matches } = out(r);
    const text = h.text(r);
    const { columns, rows } = table(text);
    expect(rows).toHaveLength(matches.length);
    expect(text).toContain("Id: its first 8 characters (unique here).");
    const domain = /^UserId "x@" = x(@\S+)$/m.exec(text)?.[1];
    expect(domain).toMatch(/^@/);
    const cell = (row: string[], name: string) => row[columns.indexOf(name)] ?? "";
    rows.forEach((row, i) => {
      const m = matches[i];
      expect(cell(row, "Id")).toBe(String(m.Id).slice(0, 8));
      expect(String(m.CreationTime).endsWith(cell(row, "CreationTime"))).toBe(true);
      expect(cell(row, "Operation")).toBe(m.Operation);
      const user = cell(row, "UserId");
      expect(user.endsWith("@") ? `${user.slice(0, -1)}${domain}` : user).toBe(m.UserId);
      expect(cell(row, "ClientIP")).toBe(m.ClientIP ?? "");
    });
    // The date is said on the first row and at each new day only.
    expect(cell(rows[0], "CreationTime")).toBe(matches[0].CreationTime);
    // Workload is the same on every row, RecordType the same for each Operation: said once.
    expect(text).toContain("every row: Workload=Exchange");
    expect(columns).not.toContain("Workload");
    expect(columns).not.toContain("RecordType");
    const lookup = text
      .split("\n")
      .slice(
        text
          .split("\n")
          .indexOf(
            "by Operation (the same on every row with it; an Operation not listed has none of them):",
          ) + 1,
      );
    const names = lookup[0].split("\t");
    for (const m of matches) {
      const entry = lookup.find((l) => l.startsWith(`${m.Operation}\t`))?.split("\t") ?? [];
      expect(entry[names.indexOf("RecordType")]).toBe(m.RecordType);
    }
  });

  it("fetches a match whole from the Id prefix the text shows", async () => {
    const first = await h.call("search_audit_log", { ...window, users: [h.emu.incident.compromisedUser] });
    const { columns, rows } = table(h.text(first));
    const at = out(first).matches.findIndex((m) => m.Operation === "New-InboxRule");
    const prefix = rows[at][columns.indexOf("Id")];
    expect(prefix).toHaveLength(8);
    const whole = out(await h.call("search_audit_log", { ...window, contains: prefix, fields: ["*"] }));
    const found = whole.matches.find((m) => String(m.Id).startsWith(prefix));
    expect(found?.Operation).toBe("New-InboxRule");
    expect(found?.Parameters).toBeDefined();
    expect(found?.OrganizationId).toBeDefined();
  });

  it("prints a short cursor that continues the question alone", async () => {
    const r = await h.call("search_audit_log", {
      ...window,
      users: [h.emu.incident.compromisedUser],
      limit: 3,
    });
    const cursor = out(r).nextCursor;
    expect(cursor).toBeDefined();
    expect(String(cursor).length).toBeLessThan(400);
    expect(h.text(r)).toContain(`nextCursor: ${cursor}`);
    const next = out(await h.call("search_audit_log", { cursor }));
    expect(next.offset).toBe(3);
    expect(next.totalMatches).toBe(out(r).totalMatches);
    expect(next.matches.every((m) => m.UserId === h.emu.incident.compromisedUser)).toBe(true);
  });

  it("says the normal coverage in one line, and still when content may arrive", async () => {
    const r = await h.call("search_audit_log", { limit: 5 });
    const c = out(r).coverage;
    expect(c.blobsFailed + c.blobsExpired).toBe(0);
    const text = h.text(r);
    expect(text).toContain(
      `Coverage: all ${c.blobsListed} blobs read (${c.recordsScanned} records, ${c.duplicatesDropped} duplicates dropped), created until ${c.listedUntil}; more for this window may arrive until ${c.contentMayArriveUntil}.`,
    );
    expect(text).not.toContain("Late content:");
  });
});
