// Hostile arguments at every tool over the real protocol (Streamable HTTP, JSON on the wire).
// Seeded, so a failure names its case and replays. Each call must give a result or a clean isError within
// 5 s, and every request that reached the emulated services must be on a documented route with documented
// query options and an injection-free $filter; a foreign host must see nothing.
import {
  type CallToolResult,
  Client,
  StreamableHTTPClientTransport,
  type Tool,
} from "@modelcontextprotocol/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import { type HttpHandle, startHttp } from "../../src/transports/http.js";
import { type ForeignHost, startForeignHost } from "../helpers/foreign-host.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { type ToolArguments, validToolArguments } from "../helpers/tool-arguments.js";
import { SDK_VALIDATION, uncleanError } from "./clean-error.js";
import { filterProblem, requestProblems } from "./documented-routes.js";
import { type Generator, hostileGenerator, hostileStrings, ODATA_INJECTION } from "./hostile-values.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20261127);
const CASES_PER_TOOL = 30;
const CALL_BOUND_MS = 5000;
const HTTP_TOKEN = "fuzz-http-token-5b1d9e";

let emu: EmulatorHandle;
let foreign: ForeignHost;
let h: Harness;
let http: HttpHandle;
let client: Client;
let tools: Tool[];
let valid: ToolArguments;

beforeAll(async () => {
  emu = await startEmulator({
    quiet: true,
    days: 2,
    recordsPerBlob: 5,
    managementThrottlePerMinute: 1_000_000,
    // Hostile startTimes reach past 7 days into the audit search API: small, fast history.
    auditHistoryDays: 10,
    auditQueryRunningMs: 100,
  });
  foreign = await startForeignHost(emu);
  h = await startHarness({
    emu,
    config: {
      port: 0,
      httpToken: HTTP_TOKEN,
      rateLimitPerMinute: 1_000_000,
      maxRetries: 0,
      requestTimeoutMs: 3000,
      messageTracePer5Min: 1_000_000,
      historyWaitSeconds: 1,
    },
  });
  valid = await validToolArguments(h);
  http = await startHttp(h.deps, { log: () => {} });
  client = new Client({ name: "fuzz", version: "0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(http.url), {
      requestInit: { headers: { Authorization: `Bearer ${HTTP_TOKEN}` } },
    }),
  );
  tools = (await client.listTools()).tools;
});

afterAll(async () => {
  await client?.close();
  await http?.close();
  await h?.close();
  await foreign?.close();
  await emu?.close();
});

/** One hostile argument object for `tool`: a valid call with one or two fields replaced, or noise throughout. */
function hostileArguments(tool: Tool, g: Generator): { args: Record<string, unknown>; extra: boolean } {
  const keys = Object.keys(tool.inputSchema.properties ?? {});
  const mode = g.pick(["mutate", "mutate", "mutate", "noise", "noise", "extra"] as const);
  if (mode === "mutate" && keys.length > 0) {
    const args: Record<string, unknown> = { ...valid[tool.name] };
    for (let i = 0; i < (g.chance(0.3) ? 2 : 1); i++) {
      const key = g.pick(keys);
      args[key] =
        key === "webhook" && g.chance(0.7)
          ? { address: g.value(), authId: g.value(), expiration: g.value() }
          : g.value();
    }
    return { args, extra: false };
  }
  if (mode === "extra") {
    // Prototype keys arrive as own properties from JSON; they must not pollute anything.
    const extra = JSON.parse(
      '{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}}',
    );
    return {
      args: { ...valid[tool.name], ...extra, [`x${g.pick(["", "$filter", "\u0000"])}`]: g.value() },
      extra: true,
    };
  }
  return {
    args: Object.fromEntries(keys.filter(() => g.chance(0.6)).map((k) => [k, g.value()])),
    extra: false,
  };
}

async function boundedCall(name: string, args: Record<string, unknown>): Promise<CallToolResult | string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${CALL_BOUND_MS} ms`), CALL_BOUND_MS);
  });
  try {
    return await Promise.race([
      client.callTool(
        { name, arguments: args },
        {
          timeout: CALL_BOUND_MS + 1000,
        },
      ) as Promise<CallToolResult>,
      timeout,
    ]);
  } catch (e) {
    return `threw: ${e instanceof Error ? e.message.slice(0, 300) : String(e)}`;
  } finally {
    clearTimeout(timer);
  }
}

function describeArgs(args: Record<string, unknown>): string {
  return JSON.stringify(args, (_k, v) =>
    typeof v === "string" && v.length > 80 ? `${v.slice(0, 40)}…(${v.length})` : v,
  ).slice(0, 400);
}

describe("hostile arguments at every tool", () => {
  it("the route check flags an injected $filter and accepts a well-escaped one", () => {
    expect(filterProblem(`senderAddress eq '${ODATA_INJECTION}'`)).toBeDefined();
    expect(filterProblem(`senderAddress eq '${ODATA_INJECTION.replace(/'/g, "''")}'`)).toBeUndefined();
    expect(filterProblem("subject eq '') and ('")).toBeDefined();
    expect(
      filterProblem("StartDate eq datetime'2026-11-25T03:26:56Z' and SenderAddress eq 'a@b.c'"),
    ).toBeUndefined();
  });

  it("passes every tool's valid arguments through the argument check, so hostile refusals are not vacuous", async () => {
    let reached = 0;
    for (const tool of tools) {
      if (tool.name === "stop_subscription" || tool.name === "start_subscription") continue; // change the tenant
      emu.control.clearRequests();
      const result = (await client.callTool({
        name: tool.name,
        arguments: valid[tool.name],
      })) as CallToolResult;
      expect(result.isError, `${tool.name}: ${JSON.stringify(result.content).slice(0, 300)}`).toBeFalsy();
      if (emu.control.requests().some((q) => q.route !== "token")) reached++;
    }
    expect(reached).toBeGreaterThan(0); // some answers come from caches, not all
  });

  it(`answers ${CASES_PER_TOOL} seeded hostile calls per tool (seed ${SEED}) cleanly, within ${CALL_BOUND_MS} ms, on documented routes only`, {
    timeout: 120_000,
  }, async () => {
    const g = hostileGenerator(SEED, hostileStrings(foreign.origin, emu.tenantId));
    const failures: string[] = [];
    let calls = 0;
    let slowest = 0;
    const outcomes = { ok: 0, toolError: 0, schemaError: 0, reachedService: 0, withoutExtraKeys: 0 };
    for (const tool of tools) {
      for (let i = 0; i < CASES_PER_TOOL; i++) {
        const { args, extra } = hostileArguments(tool, g);
        const label = `${tool.name} case ${i}: ${describeArgs(args)}`;
        emu.control.clearRequests();
        const started = Date.now();
        const result = await boundedCall(tool.name, args);
        slowest = Math.max(slowest, Date.now() - started);
        calls++;
        if (typeof result !== "string") {
          const text = result.content[0]?.type === "text" ? result.content[0].text : "";
          if (!result.isError) outcomes.ok++;
          else if (SDK_VALIDATION.test(text)) outcomes.schemaError++;
          else outcomes.toolError++;
        }
        if (!extra) outcomes.withoutExtraKeys++;
        if (emu.control.requests().some((q) => q.route !== "token")) outcomes.reachedService++;
        // Unknown keys are refused by name before any request (src/mcp/tool-input.ts).
        if (
          extra &&
          typeof result !== "string" &&
          !/unknown argument `/.test(result.content[0]?.type === "text" ? result.content[0].text : "")
        )
          failures.push(`${label} -> unknown keys were not refused by name`);
        if (extra && emu.control.requests().some((q) => q.route !== "token"))
          failures.push(`${label} -> a call with unknown keys reached a service`);
        if (typeof result === "string") failures.push(`${label} -> ${result}`);
        else if (result.isError) {
          const problem = uncleanError(result);
          if (problem) failures.push(`${label} -> ${problem}`);
        } else if (result.structuredContent === undefined)
          failures.push(`${label} -> success without structuredContent`);
        const rawFilter = typeof args.$filter === "string";
        for (const req of emu.control.requests()) {
          for (const p of requestProblems(req, emu.tenantId, rawFilter))
            failures.push(`${label} -> request ${p}`);
        }
        if (failures.length > 20) break;
      }
      // Mutating tools may have stopped subscriptions: put the tenant back for the next tool.
      emu.control.reset();
    }
    expect(failures, failures.join("\n")).toEqual([]);
    expect(calls).toBe(tools.length * CASES_PER_TOOL);
    if (process.env.FUZZ_STATS) console.log(SEED, outcomes);
    // The cases get past schema validation into the handlers and out to the services, not only bounce.
    expect(outcomes.ok + outcomes.toolError, JSON.stringify(outcomes)).toBeGreaterThan(calls / 4);
    // The calls with unknown keys stop at the argument check, so they do not count here.
    // Most hostile values fail the argument check; some calls still get through to the service (the
    // test below proves every tool's valid arguments do, so a zero here would mean the check ate everything).
    expect(outcomes.reachedService, JSON.stringify(outcomes)).toBeGreaterThan(0);
    expect(slowest).toBeLessThan(CALL_BOUND_MS);
    expect(foreign.seen).toEqual([]);
    expect(({} as { polluted?: string }).polluted).toBeUndefined();
    // Still serving after all of it.
    const after = (await client.callTool({ name: "list_subscriptions", arguments: {} })) as CallToolResult;
    expect(after).toBeToolResult();
  });

  it("escapes OData injection in every structured message trace filter (Graph and legacy)", async () => {
    const fields = ["senderAddress", "recipientAddress", "subject", "messageId", "fromIP", "toIP"];
    const failures: string[] = [];
    for (const backend of ["graph", "reporting"] as const) {
      for (const field of fields) {
        for (const value of [ODATA_INJECTION, "') and (", "a'b"]) {
          emu.control.clearRequests();
          const r = await boundedCall("message_trace", { [field]: value, backend });
          if (typeof r === "string") failures.push(`${backend} ${field}=${value}: ${r}`);
          else if (r.isError && uncleanError(r))
            failures.push(`${backend} ${field}=${value}: ${uncleanError(r)}`);
          for (const req of emu.control.requests())
            for (const p of requestProblems(req, emu.tenantId, false))
              failures.push(`${backend} ${field}=${value}: ${p}`);
        }
      }
      const detail = await boundedCall("message_trace_detail", {
        ...valid.message_trace_detail,
        recipientAddress: `x'/../../y') or ('a'='a@b.example`,
        backend,
      });
      if (typeof detail === "string") failures.push(`detail ${backend}: ${detail}`);
      for (const req of emu.control.requests())
        for (const p of requestProblems(req, emu.tenantId, false)) failures.push(`detail ${backend}: ${p}`);
    }
    expect(failures, failures.join("\n")).toEqual([]);
  });

  it("refuses contentIds and contentUris that would change the blob path, before any request", async () => {
    const feed = `${emu.managementUrl}/api/v1.0/${emu.tenantId}/activity/feed`;
    const failures: string[] = [];
    const cases: Record<string, unknown>[] = [
      { contentId: "../../subscriptions/list" },
      { contentId: "%2e%2e%2fsubscriptions%2flist" },
      { contentId: "..%2f..%2fsubscriptions%2fstop" },
      { contentId: "x\r\nAuthorization: Bearer y" },
      { contentId: "a\u0000b" },
      { contentUri: `${feed}/audit/../subscriptions/list` },
      { contentUri: `${feed}/audit/%2e%2e/subscriptions/list` },
      { contentUri: `${feed}/audit/..%2fsubscriptions%2flist` },
      { contentUri: `${feed}/audit/x?contentType=DLP.All` },
      { contentUri: `${feed.replace(emu.tenantId, "00000000-0000-0000-0000-000000000000")}/audit/x` },
    ];
    for (const args of cases) {
      emu.control.clearRequests();
      const r = await boundedCall("retrieve_content", args);
      const sent = emu.control.requests().filter((q) => q.route !== "token");
      const problems = sent.flatMap((q) => requestProblems(q, emu.tenantId, false));
      if (typeof r === "string") failures.push(`${JSON.stringify(args)}: ${r}`);
      else if (!r.isError && problems.length === 0 && sent.length > 0) {
        // Accepted: then it must have read a real blob on the blob route and nothing else.
      } else if (r.isError && uncleanError(r)) failures.push(`${JSON.stringify(args)}: ${uncleanError(r)}`);
      for (const p of problems) failures.push(`${JSON.stringify(args)}: ${p}`);
    }
    expect(failures, failures.join("\n")).toEqual([]);
  });
});
