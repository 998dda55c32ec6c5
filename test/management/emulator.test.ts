// The Management Activity API client against the emulator over real HTTPS, through the real HttpClient.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { ServerDeps } from "../../src/deps.js";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import { planWindows } from "../../src/management/windows.js";
import { caught } from "../helpers/caught.js";
import { emulatorDeps } from "../helpers/emulator-config.js";

const H = 3_600_000;
let emu: EmulatorHandle;
let deps: ServerDeps;

beforeAll(async () => {
  emu = await startEmulator({
    quiet: true,
    contentPageSize: 5,
    subscribed: ["Audit.Exchange", "Audit.SharePoint"],
    // Two starts in a row: the per-tenant start wait has its own tests (subscription-waits).
    startThrottleScope: "contentType",
  });
  deps = await emulatorDeps(emu);
});
afterAll(async () => {
  await deps?.close();
  await emu?.close();
});
beforeEach(() => {
  emu.control.reset();
  emu.control.clearRequests();
});

function lastDay(): { startTime: string; endTime: string } {
  const end = new Date(Date.now() - 60_000);
  return { startTime: new Date(end.getTime() - 24 * H).toISOString(), endTime: end.toISOString() };
}

describe("Management client against the emulator", () => {
  it("lists the subscribed content types", async () => {
    const subs = await deps.management.listSubscriptions();
    expect(subs.map((s) => s.contentType).sort()).toEqual(["Audit.Exchange", "Audit.SharePoint"]);
    expect(subs.every((s) => s.status === "enabled")).toBe(true);
  });

  it("starts a new subscription, and a repeat start (AF20024) is success", async () => {
    const first = await deps.management.startSubscription("Audit.General", undefined);
    expect(first).toMatchObject({
      alreadyEnabled: false,
      subscription: { contentType: "Audit.General", status: "enabled" },
    });
    const again = await deps.management.startSubscription("Audit.Exchange", undefined);
    expect(again).toMatchObject({
      alreadyEnabled: true,
      subscription: { contentType: "Audit.Exchange", status: "enabled" },
    });
  });

  it("follows NextPageUri across several pages and sends PublisherIdentifier on each", async () => {
    const pages: number[] = [];
    const blobs = await deps.management.listContent(
      { contentType: "Audit.Exchange", ...lastDay() },
      { onPage: (_n, count) => pages.push(count) },
    );
    expect(pages.length).toBeGreaterThan(2);
    expect(blobs.length).toBe(pages.reduce((a, b) => a + b, 0));
    expect(new Set(blobs.map((b) => b.contentId)).size).toBe(blobs.length);
    const listed = emu.control.requests().filter((r) => r.path.endsWith("/subscriptions/content"));
    expect(listed).toHaveLength(pages.length);
    for (const r of listed) expect(r.query.PublisherIdentifier).toBe(emu.tenantId);
  });

  it("retrieves a listed blob by contentUri and by contentId", async () => {
    const blobs = await deps.management.listContent({ contentType: "Audit.Exchange", ...lastDay() });
    const byUri = await deps.management.retrieveContent({ contentUri: blobs[0].contentUri });
    expect(byUri.records.length).toBeGreaterThan(0);
    expect(byUri.records[0]).toHaveProperty("Id");
    const byId = await deps.management.retrieveContent({ contentId: blobs[0].contentId });
    expect(byId.records.map((r) => r.Id)).toEqual(byUri.records.map((r) => r.Id));
    const gets = emu.control.requests().filter((r) => r.path.includes("/activity/feed/audit/"));
    for (const r of gets) expect(r.query.PublisherIdentifier).toBe(emu.tenantId);
  });

  it("refuses a planted foreign contentUri and sends nothing", async () => {
    const foreign = `https://evil.example/api/v1.0/${emu.tenantId}/activity/feed/audit/x`;
    expect((await caught(deps.management.retrieveContent({ contentUri: foreign }))).code).toBe(
      "HOST_NOT_ALLOWED",
    );
    const otherTenant = `${emu.managementUrl}/api/v1.0/00000000-0000-0000-0000-000000000001/activity/feed/audit/x`;
    expect((await caught(deps.management.retrieveContent({ contentUri: otherTenant }))).code).toBe(
      "CONTENT_URI_REFUSED",
    );
    expect(emu.control.requests().filter((r) => r.route !== "token")).toHaveLength(0);
  });

  it("surfaces AF20022 for a content type never subscribed, with a hint", async () => {
    const err = await caught(deps.management.listContentPage({ contentType: "DLP.All" }));
    expect(err.code).toBe("AF20022");
    expect(err.hint.length).toBeGreaterThan(10);
  });

  it("surfaces AF20023 for a disabled subscription", async () => {
    emu.control.disableSubscription("Audit.SharePoint");
    const err = await caught(deps.management.listContentPage({ contentType: "Audit.SharePoint" }));
    expect(err.code).toBe("AF20023");
    expect(err.hint.length).toBeGreaterThan(10);
  });

  it("surfaces AF20030/AF20055 when the server refuses a start older than 7 days", async () => {
    const start = new Date(Date.now() - 8 * 24 * H);
    const err = await caught(
      deps.management.listContentPage({
        contentType: "Audit.Exchange",
        startTime: start.toISOString(),
        endTime: new Date(start.getTime() + H).toISOString(),
      }),
    );
    expect(["AF20030", "AF20055"]).toContain(err.code);
    expect(err.hint.length).toBeGreaterThan(10);
  });

  it("surfaces AF20050 for unknown content and AF20051 for expired content", async () => {
    const missing = await caught(
      deps.management.retrieveContent({ contentId: "20260101000000000$nothing$here" }),
    );
    expect(["AF20050", "AF20052"]).toContain(missing.code);
    const [blob] = await deps.management.listContent({ contentType: "Audit.Exchange", ...lastDay() });
    emu.control.expireContentBefore(new Date(Date.now() + H));
    const expired = await caught(deps.management.retrieveContent({ contentUri: blob.contentUri }));
    expect(expired.code).toBe("AF20051");
    expect(expired.hint.length).toBeGreaterThan(10);
  });

  it("plans windows the server accepts: 48 h as two listings without AF20030", async () => {
    const end = new Date(Date.now() - 60_000);
    const windows = planWindows(new Date(end.getTime() - 48 * H), end);
    expect(windows).toHaveLength(2);
    for (const w of windows) {
      const page = await deps.management.listContentPage({
        contentType: "Audit.Exchange",
        startTime: w.start.toISOString(),
        endTime: w.end.toISOString(),
      });
      expect(Array.isArray(page.items)).toBe(true);
    }
  });

  it("stops a subscription; listing content then fails", async () => {
    await deps.management.stopSubscription("Audit.SharePoint");
    const err = await caught(deps.management.listContentPage({ contentType: "Audit.SharePoint" }));
    expect(["AF20022", "AF20023"]).toContain(err.code);
  });
});
