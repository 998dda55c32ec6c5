// O365_CONTENT_ARRIVAL_HOURS: how long after a window's end search_audit_log looks for its late content
// (o365-api.md 1.6: up to 24 hours documented; the 7-day retention bounds it).
import { describe, expect, it } from "vitest";
import { ConfigError, configHelp, loadConfig } from "../../src/config/load.js";

const base = {
  O365_TENANT_ID: "11111111-2222-3333-4444-555555555555",
  O365_CLIENT_ID: "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
  O365_CLIENT_SECRET: "Sup3r~Secret.Value",
};

function problemsOf(env: Record<string, string>): string {
  try {
    loadConfig({ argv: [], env: { ...base, ...env } });
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems.join("\n");
  }
  return "";
}

describe("contentArrivalHours setting", () => {
  it("defaults to the documented 24 hours", () => {
    expect(loadConfig({ argv: [], env: base }).contentArrivalHours).toBe(24);
  });

  it("is read from O365_CONTENT_ARRIVAL_HOURS and --content-arrival-hours, flag winning", () => {
    const env = { ...base, O365_CONTENT_ARRIVAL_HOURS: "48" };
    expect(loadConfig({ argv: [], env }).contentArrivalHours).toBe(48);
    expect(loadConfig({ argv: ["--content-arrival-hours", "168"], env }).contentArrivalHours).toBe(168);
  });

  it("refuses more than the 7-day edge, a negative value or a fraction, naming the setting", () => {
    expect(problemsOf({ O365_CONTENT_ARRIVAL_HOURS: "169" })).toMatch(
      /O365_CONTENT_ARRIVAL_HOURS.*at most 168/,
    );
    expect(problemsOf({ O365_CONTENT_ARRIVAL_HOURS: "-1" })).toMatch(
      /O365_CONTENT_ARRIVAL_HOURS.*at least 0/,
    );
    expect(problemsOf({ O365_CONTENT_ARRIVAL_HOURS: "1.5" })).toContain("O365_CONTENT_ARRIVAL_HOURS");
  });

  it("is listed in --help", () => {
    expect(configHelp()).toContain("--content-arrival-hours N | O365_CONTENT_ARRIVAL_HOURS");
  });
});
