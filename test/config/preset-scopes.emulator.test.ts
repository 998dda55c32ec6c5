// The commercial preset's scope strings, as shipped, against the emulator: every API gets a token for
// Microsoft's resource identifier (o365-api.md 4.2) and every service accepts it, so a typo in a preset
// scope fails here instead of in a customer's tenant.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRESETS } from "../../src/config/presets.js";
import type { Api } from "../../src/config/types.js";
import type { diagnoseTool } from "../../tools/diagnose.js";
import type { messageTrace } from "../../tools/message_trace.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";

const commercial = PRESETS.commercial.scopes;
const AUDIENCE: Record<Api, string> = {
  management: "https://manage.office.com",
  graph: "https://graph.microsoft.com",
  reporting: "https://outlook.office365.com",
};

describe("the commercial preset's scopes against the emulator", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      emulator: { recordsPerBlob: 5 },
      config: {
        scopes: {
          management: [commercial.management],
          graph: [commercial.graph],
          reporting: [commercial.reporting],
        },
      },
    });
  });
  afterAll(async () => h?.close());

  it("each API's token is for Microsoft's resource and carries its permission", async () => {
    expect(h.config.scopes).toEqual({
      management: [commercial.management],
      graph: [commercial.graph],
      reporting: [commercial.reporting],
    });
    const out = outputOf<typeof diagnoseTool>(await h.call("diagnose"));
    for (const api of ["management", "graph", "reporting"] as const) {
      const check = out.checks.find((c) => c.name === `token ${api}`);
      expect(check, api).toMatchObject({ status: "ok" });
      expect(check?.detail, api).toContain(`aud=${AUDIENCE[api]} `);
    }
    expect(out.counts.fail, JSON.stringify(out.checks)).toBe(0);
  });

  it("the services accept those tokens: subscriptions and both message-trace backends answer", async () => {
    expect(await h.call("list_subscriptions")).toBeToolResult();
    for (const backend of ["graph", "reporting"] as const) {
      const r = await h.call("message_trace", { backend, limit: 1 });
      expect(r, backend).toBeToolResult();
      expect(outputOf<typeof messageTrace>(r).backend).toBe(backend);
    }
  });
});

describe("the demo's custom cloud", () => {
  it("asks for Exchange Online's resource for the Reporting Web Service, not a scope built from its host", async () => {
    const h = await startHarness({ emulator: { recordsPerBlob: 5 } });
    try {
      expect(h.config.scopes.reporting).toEqual(["https://outlook.office365.com/.default"]);
      const out = outputOf<typeof diagnoseTool>(await h.call("diagnose"));
      expect(out.checks.find((c) => c.name === "token reporting")?.detail).toContain(
        "aud=https://outlook.office365.com ",
      );
      expect(out.checks.find((c) => c.name === "message trace (legacy Reporting Web Service)")?.status).toBe(
        "ok",
      );
    } finally {
      await h.close();
    }
  });
});
