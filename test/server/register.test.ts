import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CallToolResult,
  type LoggingMessageNotification,
  McpServer,
} from "@modelcontextprotocol/server";
import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { O365Error } from "../../src/errors.js";
import { auditLineSchema } from "../../src/mcp/audit-log.js";
import { trackLogLevel } from "../../src/mcp/log-level.js";
import { registerTools } from "../../src/mcp/register-tools.js";
import type { ToolContext } from "../../src/mcp/tool-context.js";
import { defineTool, type ToolDefinition } from "../../src/mcp/tool-definition.js";
import { connectClient, FAKE_SECRET, fakeDeps } from "../helpers/fake-deps.js";

type Body = (args: { value?: string; secretToken?: string }, ctx: ToolContext) => Promise<{ ok: boolean }>;

function probe(name: string, body: Body, mutates = false): ToolDefinition {
  return defineTool({
    name,
    title: name,
    description: `test tool ${name}`,
    input: {
      value: z.string().optional().describe("any"),
      secretToken: z.string().optional().describe("a secret-looking argument"),
    },
    output: { ok: z.boolean().describe("ok") },
    annotations: {
      readOnlyHint: !mutates,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
    handler: body,
    render: (r) => ({ header: `ok=${r.ok}`, sections: [] }),
  }) as unknown as ToolDefinition;
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function setup(
  tools: ToolDefinition[],
  opts: Parameters<typeof fakeDeps>[0] = {},
  elicitation = false,
) {
  const deps = fakeDeps(opts);
  const server = new McpServer({ name: "t", version: "0" }, { capabilities: { logging: {} } });
  const updated: string[][] = [];
  const names = registerTools(server, deps, tools, {
    levelFor: trackLogLevel(server, deps.config.logLevel),
    subscriptionsChanged: async (contentType) => {
      updated.push([contentType]);
    },
  });
  const client = await connectClient(server, elicitation ? { elicitation: {} } : {});
  const logs: LoggingMessageNotification["params"][] = [];
  client.setNotificationHandler("notifications/message", (n) => {
    logs.push(n.params);
  });
  closers.push(async () => {
    await client.close();
    await server.close();
  });
  const call = async (name: string, args: Record<string, unknown> = {}) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;
  return { deps, server, client, logs, updated, names, call };
}

const textOf = (r: CallToolResult) => (r.content[0] as { text: string }).text;
const settle = () => new Promise((r) => setTimeout(r, 20));

describe("tool results", () => {
  it("returns structuredContent and the rendered text", async () => {
    const t = await setup([probe("p", async () => ({ ok: true }))]);
    const r = await t.call("p");
    expect(r).toBeToolResult();
    expect(r.structuredContent).toEqual({ ok: true });
    expect(textOf(r)).toBe("ok=true");
  });

  it("turns an O365Error into isError with the message and the hint", async () => {
    const t = await setup([
      probe("p", async () => {
        throw new O365Error({
          api: "management",
          status: 400,
          code: "AF20022",
          message: "No subscription found for the specified content type.",
          hint: "Start a subscription for Audit.Exchange with start_subscription.",
        });
      }),
    ]);
    const r = await t.call("p");
    expect(r).toBeToolResult({ isError: true });
    expect(textOf(r)).toBe(
      "[AF20022] (HTTP 400) No subscription found for the specified content type.\nHint: Start a subscription for Audit.Exchange with start_subscription.",
    );
  });

  it("turns an unexpected error into a generic message without a stack trace", async () => {
    const t = await setup([
      probe("p", async () => {
        throw new TypeError("cannot read properties of undefined");
      }),
    ]);
    const r = await t.call("p");
    expect(r).toBeToolResult({ isError: true });
    expect(textOf(r)).toMatch(
      /^\[INTERNAL\] p failed unexpectedly: cannot read properties of undefined\nHint: /,
    );
    expect(textOf(r)).not.toMatch(/\n\s+at /);
  });

  it("reports a handler-level ZodError as invalid input naming the field", async () => {
    const t = await setup([
      probe("p", async () => {
        z.object({ limit: z.number() }).parse({ limit: "x" });
        return { ok: true };
      }),
    ]);
    const r = await t.call("p");
    expect(r).toBeToolResult({ isError: true });
    expect(textOf(r)).toMatch(/^\[INVALID_INPUT\] Invalid arguments for p: limit: /);
  });

  it("never lets the configured client secret out in a result", async () => {
    const t = await setup([
      probe("p", async () => {
        throw new Error(`upstream said client_secret=${FAKE_SECRET}`);
      }),
    ]);
    const r = await t.call("p");
    expect(JSON.stringify(r)).not.toContain(FAKE_SECRET);
    expect(textOf(r)).toContain("[redacted]");
  });
});

describe("read-only mode", () => {
  it("does not register tools that change the tenant", async () => {
    const tools = [
      probe("reader", async () => ({ ok: true })),
      probe("writer", async () => ({ ok: true }), true),
    ];
    const t = await setup(tools, { config: { readOnly: true } });
    expect(t.names).toEqual(["reader"]);
    expect((await t.client.listTools()).tools.map((x) => x.name)).toEqual(["reader"]);
    // SDK v2 answers an unknown tool with a JSON-RPC error (-32602), as the spec's example does; v1 resolved
    // an isError result.
    await expect(t.call("writer")).rejects.toMatchObject({
      code: -32602,
      message: expect.stringMatching(
        /writer is disabled: .*read-only mode \(O365_READ_ONLY\)\. Read-only tools: reader/,
      ),
    });
  });
});

describe("request-scoped logging", () => {
  const chatty = probe("chatty", async (_a, ctx) => {
    ctx.log("debug", "debug line");
    ctx.log("info", "info line", { page: 1 });
    ctx.log("warning", "warning line");
    return { ok: true };
  });

  it("sends notifications/message at or above the configured level by default", async () => {
    const t = await setup([chatty]);
    await t.call("chatty");
    await settle();
    expect(t.logs.map((l) => l.data)).toEqual([
      { message: "info line", page: 1 },
      { message: "warning line" },
    ]);
    expect(t.logs.every((l) => l.logger === "office365-mcp")).toBe(true);
  });

  it("follows the level the client set with logging/setLevel", async () => {
    const t = await setup([chatty]);
    await t.client.setLoggingLevel("warning");
    await t.call("chatty");
    await settle();
    expect(t.logs.map((l) => [l.level, (l.data as { message: string }).message])).toEqual([
      ["warning", "warning line"],
    ]);
    await t.client.setLoggingLevel("debug");
    t.logs.length = 0;
    await t.call("chatty");
    await settle();
    expect(t.logs).toHaveLength(3);
  });

  it("logs HTTP retries and rate-budget waits (before they start) as warnings", async () => {
    const t = await setup([
      probe("http", async (_a, ctx) => {
        ctx.onHttpEvent({ type: "retry", api: "management", attempt: 1, waitMs: 250, reason: "HTTP 503" });
        ctx.onHttpEvent({ type: "throttle-wait", api: "graph", waitMs: 1000 });
        return { ok: true };
      }),
    ]);
    await t.call("http");
    await settle();
    expect(t.logs.map((l) => [l.level, (l.data as { message: string }).message])).toEqual([
      ["warning", "Retrying management request (attempt 1) in 250 ms: HTTP 503"],
      ["warning", "The graph request budget is spent: waiting 1s before the next request"],
    ]);
  });
});

describe("progress", () => {
  const steps = probe("steps", async (_a, ctx) => {
    await ctx.progress(1, 10, "one");
    await ctx.progress(1, 10, "repeat"); // not increasing: dropped
    await ctx.progress(2, 10, "two"); // within 100 ms: dropped
    await new Promise((r) => setTimeout(r, 120));
    await ctx.progress(3, 10, "three");
    await ctx.progress(10, 10, "done"); // last: always sent
    return { ok: true };
  });

  it("sends increasing, rate-limited progress when the client asked for it", async () => {
    const t = await setup([steps]);
    const seen: [number, string | undefined][] = [];
    await t.client.callTool(
      { name: "steps", arguments: {} },
      {
        onprogress: (p) => seen.push([p.progress, p.message]),
      },
    );
    expect(seen).toEqual([
      [1, "one"],
      [3, "three"],
      [10, "done"],
    ]);
  });

  it("sends nothing without a progress token", async () => {
    const t = await setup([steps]);
    const r = await t.call("steps");
    expect(r).toBeToolResult();
  });
});

describe("confirmation", () => {
  const answers: string[] = [];
  const guarded = probe("guarded", async (_a, ctx) => {
    const answer = await ctx.confirm("Really?");
    answers.push(answer);
    return { ok: answer === "accepted" };
  });

  it("asks through form elicitation with a boolean confirm field", async () => {
    const t = await setup([guarded], {}, true);
    const asked: unknown[] = [];
    t.client.setRequestHandler("elicitation/create", async (req) => {
      asked.push(req.params);
      return { action: "decline" };
    });
    expect((await t.call("guarded")).structuredContent).toEqual({ ok: false });
    expect(asked).toEqual([
      expect.objectContaining({
        message: "Really?",
        requestedSchema: expect.objectContaining({ required: ["confirm"] }),
      }),
    ]);
    t.client.setRequestHandler("elicitation/create", async () => ({
      action: "accept",
      content: { confirm: true },
    }));
    expect((await t.call("guarded")).structuredContent).toEqual({ ok: true });
    t.client.setRequestHandler("elicitation/create", async () => ({
      action: "accept",
      content: { confirm: false },
    }));
    expect((await t.call("guarded")).structuredContent).toEqual({ ok: false });
    t.client.setRequestHandler("elicitation/create", async () => ({ action: "cancel" }));
    expect((await t.call("guarded")).structuredContent).toEqual({ ok: false });
    // Dismissing the question is not saying no (MCP 1.9): the tool can tell them apart.
    expect(answers.splice(0)).toEqual(["declined", "accepted", "declined", "cancelled"]);
  });

  it("answers unavailable when the client cannot elicit, so the tool asks for another proof of consent", async () => {
    const t = await setup([guarded]);
    expect((await t.call("guarded")).structuredContent).toEqual({ ok: false });
    expect(answers.splice(0)).toEqual(["unavailable"]);
  });
});

describe("tool-call audit log", () => {
  it("appends one JSON line per call with truncated args, redacted secrets, outcome and request count", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "audit-")), "calls.jsonl");
    const t = await setup(
      [
        probe("p", async (_a, ctx) => {
          ctx.onHttpEvent({
            type: "request",
            api: "management",
            method: "GET",
            host: "h",
            path: "/",
            status: 200,
            ms: 3,
          });
          ctx.onHttpEvent({
            type: "request",
            api: "management",
            method: "GET",
            host: "h",
            path: "/",
            status: 200,
            ms: 3,
          });
          return { ok: true };
        }),
        probe("bad", async () => {
          throw new O365Error({ api: "management", code: "AF20023", message: "disabled", hint: "restart" });
        }),
      ],
      { config: { auditLog: file } },
    );
    await t.call("p", { value: "v".repeat(500), secretToken: "hunter2-hunter2" });
    await t.call("bad", { value: "x" });
    const lines = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => auditLineSchema.parse(JSON.parse(l)));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ tool: "p", outcome: "ok", apiRequests: 2 });
    expect(lines[0].errorCode).toBeUndefined();
    expect((lines[0].args.value as string).length).toBeLessThanOrEqual(201);
    expect(lines[0].args.secretToken).toBe("[redacted]");
    expect(lines[1]).toMatchObject({ tool: "bad", outcome: "error", errorCode: "AF20023", apiRequests: 0 });
    expect(Number.isNaN(Date.parse(lines[0].time))).toBe(false);
    expect(readFileSync(file, "utf8")).not.toContain("hunter2");
  });

  it("writes the line to the diagnostic log when no audit file is configured", async () => {
    const t = await setup([probe("p", async () => ({ ok: true }))]);
    await t.call("p", { value: "a" });
    const line = t.deps.lines.map((l) => JSON.parse(l)).find((l) => l.tool === "p");
    expect(line).toMatchObject({ tool: "p", outcome: "ok", args: { value: "a" } });
  });

  it("says the audit file is not writable and still logs the line, without failing the call", async () => {
    const dir = mkdtempSync(join(tmpdir(), "audit-"));
    const t = await setup([probe("p", async () => ({ ok: true }))], { config: { auditLog: dir } });
    const r = await t.call("p", { value: "a" });
    expect(r).toBeToolResult();
    expect(t.deps.lines.some((l) => l.startsWith(`audit log ${dir} not writable`))).toBe(true);
    const line = t.deps.lines
      .map((l) => (l.startsWith("{") ? JSON.parse(l) : {}))
      .find((l) => l.tool === "p");
    expect(line).toMatchObject({ tool: "p", outcome: "ok" });
  });
});
