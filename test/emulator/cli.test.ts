import { existsSync, readFileSync } from "node:fs";
import { Agent } from "undici";
import { describe, expect, it, vi } from "vitest";
import { parseEmulatorArgs, runEmulatorCli } from "../../src/emulator/cli.js";
import { form, send } from "./https-client.js";

describe("emulator CLI", () => {
  it("maps flags to emulator options", () => {
    expect(
      parseEmulatorArgs(["--port", "0", "--seed", "7", "--latency-ms", "25", "--allow-long-windows"]),
    ).toEqual({
      port: 0,
      seed: 7,
      latencyMs: 25,
      allowLongWindows: true,
    });
  });

  it("maps the late-content and NextPageUri switches", () => {
    expect(parseEmulatorArgs(["--no-long-tail-lag", "--lower-case-next-page-uri"])).toEqual({
      longTailLag: false,
      lowerCaseNextPageUri: true,
    });
    expect(parseEmulatorArgs([])).toEqual({});
  });

  it("maps the audit search flags (audit-search-api.md 1.6, 2.2, 4.4, 4.6)", () => {
    expect(
      parseEmulatorArgs([
        "--audit-history-days",
        "180",
        "--audit-retention-days",
        "365",
        "--audit-query-running-ms",
        "500",
        "--audit-record-count-limit",
        "1000",
        "--audit-queries-per-24h",
        "10",
        "--audit-concurrent-queries",
        "1",
        "--no-audit-v1",
      ]),
    ).toEqual({
      auditHistoryDays: 180,
      auditRetentionDays: 365,
      auditQueryRunningMs: 500,
      auditRecordCountLimit: 1000,
      auditQueriesPer24h: 10,
      auditConcurrentQueries: 1,
      auditV1Available: false,
    });
  });

  it("rejects a non-numeric flag value naming the flag", () => {
    expect(() => parseEmulatorArgs(["--seed", "abc"])).toThrow(/--seed/);
  });

  it("rejects an unknown flag", () => {
    expect(() => parseEmulatorArgs(["--bogus"])).toThrow();
  });

  it("prints one JSON line with endpoints and credentials, serves, and stops on SIGTERM", async () => {
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    const running = runEmulatorCli(["--seed", "3"]);
    await vi.waitFor(() => expect(lines.length).toBe(1), { timeout: 20_000 });
    write.mockRestore();
    expect(lines[0].endsWith("\n")).toBe(true);
    const info = JSON.parse(lines[0]) as Record<string, string>;
    for (const key of [
      "tenantId",
      "clientId",
      "clientSecret",
      "tokenUrl",
      "managementUrl",
      "graphUrl",
      "reportingUrl",
      "caCertFile",
      "noAuditQueryClientId",
      "auditLogReadOnlyClientId",
      "auditLogReadOnlyClientSecret",
      "entraAuditQueryClientId",
    ]) {
      expect(info[key], key).toBeTruthy();
    }
    expect(readFileSync(info.certFile, "utf8")).toContain("PRIVATE KEY");
    const agent = new Agent({ connect: { ca: readFileSync(info.caCertFile, "utf8") } });
    const res = await send(agent, info.tokenUrl, {
      method: "POST",
      ...form({
        grant_type: "client_credentials",
        client_id: info.clientId,
        client_secret: info.clientSecret,
        scope: `${info.managementUrl}/.default`,
      }),
    });
    expect(res.status).toBe(200);
    await agent.close();
    process.emit("SIGTERM");
    await running;
    expect(existsSync(info.caCertFile)).toBe(false);
  });
});
