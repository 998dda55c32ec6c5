// DLP.All needs ActivityFeed.ReadDlp besides ActivityFeed.Read (o365-api.md 1.3): with an app that has only
// ActivityFeed.Read, the emulator refuses DLP.All with AF10001, the hint names the missing permission, and
// diagnose fails the permission when DLP.All is subscribed or asked about.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import type { diagnoseTool } from "../../tools/diagnose.js";
import type { listAvailableContent } from "../../tools/list_available_content.js";
import { type Harness, type HarnessOptions, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";

const READ_DLP_HINT =
  /Hint: DLP\.All needs ActivityFeed\.ReadDlp as well as ActivityFeed\.Read: grant the app the ActivityFeed\.ReadDlp application permission/;

describe("DLP.All and ActivityFeed.ReadDlp", () => {
  let emu: EmulatorHandle;
  let noDlp: Harness;
  beforeAll(async () => {
    emu = await startEmulator({ quiet: true, recordsPerBlob: 5 });
    noDlp = await startHarness({ emu, auth: "no-dlp" });
  });
  afterAll(async () => {
    await noDlp?.close();
    await emu?.close();
  });

  async function diagnose(opts: HarnessOptions, args: Record<string, unknown> = {}) {
    const h = await startHarness(opts);
    try {
      const result = await h.call("diagnose", args);
      expect(result).toBeToolResult();
      const out = outputOf<typeof diagnoseTool>(result);
      return { out, text: h.text(result), check: (name: string) => out.checks.find((c) => c.name === name) };
    } finally {
      await h.close();
    }
  }

  it("listing DLP.All is refused with AF10001 and a hint naming ActivityFeed.ReadDlp", async () => {
    const r = await noDlp.call("list_available_content", { contentType: "dlp.all" });
    expect(r).toBeToolResult({
      isError: true,
      text: [/\[AF10001\]/, /\(ActivityFeed\.Read\) sent in the request does not include/, READ_DLP_HINT],
    });
  });

  it("the other content types still work with ActivityFeed.Read alone", async () => {
    const r = await noDlp.call("list_available_content", { contentType: "Audit.Exchange" });
    expect(r).toBeToolResult();
    expect(outputOf<typeof listAvailableContent>(r).blobs.length).toBeGreaterThan(0);
  });

  it("a DLP.All blob fetched by its contentUri is refused, and the hint still names ActivityFeed.ReadDlp", async () => {
    const full = await startHarness({ emu });
    let uri: string;
    try {
      const listed = outputOf<typeof listAvailableContent>(
        await full.call("list_available_content", { contentType: "DLP.All" }),
      );
      expect(listed.blobs.length).toBeGreaterThan(0);
      uri = listed.blobs[0].contentUri;
      expect(await full.call("retrieve_content", { contentUri: uri })).toBeToolResult();
    } finally {
      await full.close();
    }
    const r = await noDlp.call("retrieve_content", { contentUri: uri });
    expect(r).toBeToolResult({ isError: true, text: [/\[AF10001\]/, READ_DLP_HINT] });
  });

  it("starting a DLP.All subscription is refused the same way", async () => {
    const r = await noDlp.call("start_subscription", { contentType: "DLP.All" });
    expect(r).toBeToolResult({ isError: true, text: [/\[AF10001\]/, READ_DLP_HINT] });
  });

  it("diagnose fails the missing permission while DLP.All is subscribed, with the exact fix", async () => {
    const { check, out } = await diagnose({ emu, auth: "no-dlp" });
    expect(check("permission ActivityFeed.ReadDlp")).toMatchObject({
      status: "fail",
      detail: expect.stringContaining("DLP.All is subscribed"),
      fix: expect.stringMatching(
        /Office 365 Management APIs > Application permissions > ActivityFeed\.ReadDlp, then 'Grant admin consent'/,
      ),
    });
    expect(check("token management")?.status).toBe("ok");
    expect(check("content DLP.All")).toMatchObject({
      status: "fail",
      fix: expect.stringMatching(/ActivityFeed\.ReadDlp/),
    });
    expect(out.summary).toContain("permission ActivityFeed.ReadDlp");
  });

  it("diagnose only warns when DLP.All is not subscribed, and fails when DLP.All is asked about", async () => {
    const other = await startEmulator({ quiet: true, recordsPerBlob: 5, subscribed: ["Audit.Exchange"] });
    try {
      const plain = await diagnose({ emu: other, auth: "no-dlp" });
      expect(plain.check("permission ActivityFeed.ReadDlp")).toMatchObject({
        status: "warn",
        detail: expect.stringContaining("needed only for DLP.All"),
      });
      const asked = await diagnose({ emu: other, auth: "no-dlp" }, { contentType: "dlp.ALL" });
      expect(asked.check("permission ActivityFeed.ReadDlp")).toMatchObject({
        status: "fail",
        detail: expect.stringContaining("DLP.All was asked about"),
      });
      const bad = await startHarness({ emu: other });
      try {
        expect(await bad.call("diagnose", { contentType: "DLP.Everything" })).toBeToolResult({
          isError: true,
          text: [/Unknown content type "DLP.Everything"/, /DLP\.All/],
        });
      } finally {
        await bad.close();
      }
    } finally {
      await other.close();
    }
  });

  it("diagnose is content with the default app, which has both permissions", async () => {
    const { check } = await diagnose({ emu });
    expect(check("permission ActivityFeed.ReadDlp")?.status).toBe("ok");
  });
});
