// Fault injection (design.md section 9): injected faults (throttling with and without Retry-After, 5xx,
// resets, truncated and malformed bodies, slow bodies, a revoked refresh token) each end in a retried success
// or a clear tool error, the server keeps serving afterwards, memory stays bounded over hundreds of faulty
// calls, and nothing is left unhandled.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { CallToolResult } from "@modelcontextprotocol/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle, FaultRule } from "../../src/emulator/types.js";
import type { listAvailableContent } from "../../tools/list_available_content.js";
import type { listSubscriptions } from "../../tools/list_subscriptions.js";
import { type Harness, startHarness } from "../helpers/harness.js";
import { outputOf } from "../helpers/tool-output.js";
import { uncleanError } from "./clean-error.js";

let emu: EmulatorHandle;
/** Default retries (4), short timeout: transient faults should be ridden out. */
let patient: Harness;
/** No retries: every fault surfaces as a tool error at once. */
let strict: Harness;
let contentId: string;
const unhandled: string[] = [];
const onRejection = (e: unknown) => unhandled.push(`unhandledRejection: ${String(e)}`);
const onException = (e: unknown) => unhandled.push(`uncaughtException: ${String(e)}`);

const TRACE = () => ({ senderAddress: emu.incident.attackerSender });

/** A tool error a user can act on: a code, a message, a hint; no stack trace, not an internal failure. */
function expectClearError(h: Harness, r: CallToolResult, code?: RegExp): void {
  const text = h.text(r);
  expect(uncleanError(r)).toBeUndefined();
  if (code) expect(text).toMatch(code);
}

function expectOk(r: CallToolResult): void {
  expect(r).toBeToolResult();
  expect(r.structuredContent).toBeDefined();
}

/** The server still answers normally once the faults are gone. list_subscriptions calls pass refresh: true
 * throughout, so each reaches the (faulty) API instead of the 60 s subscription cache. */
async function followUpSucceeds(h: Harness): Promise<void> {
  emu.control.clearFaults();
  expectOk(await h.call("list_subscriptions", { refresh: true }));
}

function gcNow(): void {
  const gc = (globalThis as { gc?: () => void }).gc ?? (runInNewContext("gc") as (() => void) | undefined);
  gc?.();
}

beforeAll(async () => {
  process.on("unhandledRejection", onRejection);
  process.on("uncaughtException", onException);
  setFlagsFromString("--expose-gc");
  emu = await startEmulator({
    quiet: true,
    recordsPerBlob: 10,
    managementThrottlePerMinute: 100_000,
    graphThrottlePer5Min: 100_000,
  });
  const fast = { requestTimeoutMs: 1500, messageTracePer5Min: 100_000 };
  patient = await startHarness({ emu, config: fast });
  strict = await startHarness({ emu, config: { ...fast, maxRetries: 0 } });
  for (const h of [patient, strict]) await h.client.setLoggingLevel("debug");
  const listed = await patient.call("list_available_content", { contentType: "Audit.Exchange" });
  contentId = outputOf<typeof listAvailableContent>(listed).blobs[0].contentId;
});

afterAll(async () => {
  for (const h of [patient, strict]) await h?.close();
  await emu?.close();
  process.off("unhandledRejection", onRejection);
  process.off("uncaughtException", onException);
});

describe("transient faults are retried to a success", () => {
  const cases: [string, FaultRule, string, () => Record<string, unknown>][] = [
    ["a 429 with Retry-After", { route: "graph", kind: "429", retryAfterSeconds: 1 }, "message_trace", TRACE],
    [
      "two 429s without Retry-After",
      { route: "graph", kind: "429", retryAfterSeconds: null, times: 2 },
      "message_trace",
      TRACE,
    ],
    [
      "an AF429 (HTTP 403)",
      { route: "management", kind: "af429" },
      "list_subscriptions",
      () => ({ refresh: true }),
    ],
    [
      "an AF429 with Retry-After",
      { route: "management", kind: "af429", retryAfterSeconds: 1 },
      "list_subscriptions",
      () => ({ refresh: true }),
    ],
    [
      "an AF50000 (500)",
      { route: "management", kind: "500" },
      "list_available_content",
      () => ({ contentType: "Audit.Exchange" }),
    ],
    [
      "a 503 from the legacy service",
      { route: "reporting", kind: "503" },
      "message_trace",
      () => ({ ...TRACE(), backend: "reporting" }),
    ],
    [
      "a connection reset on a blob",
      { route: "content", kind: "reset" },
      "retrieve_content",
      () => ({ contentId }),
    ],
    [
      "a truncated JSON body",
      { route: "management", kind: "truncated" },
      "list_subscriptions",
      () => ({ refresh: true }),
    ],
    ["a malformed JSON body", { route: "graph", kind: "malformed" }, "message_trace", TRACE],
    [
      "a 500 from the token endpoint",
      { route: "token", kind: "500" },
      "list_subscriptions",
      () => ({ refresh: true }),
    ],
  ];
  it.each(cases)("%s", async (_label, rule, tool, args) => {
    if (rule.route === "token") patient.deps.tokens.invalidate("management");
    emu.control.clearRequests();
    emu.control.addFault(rule);
    const before = patient.logs.length;
    const r = await patient.call(tool, args());
    expectOk(r);
    // The fault was really hit and really retried: the same route was asked again.
    const served = emu.control.requests().filter((q) => q.route === rule.route);
    expect(
      served.length,
      JSON.stringify(emu.control.requests().map((q) => [q.route, q.status])),
    ).toBeGreaterThanOrEqual((rule.times ?? 1) + 1);
    if (rule.route !== "token") {
      const retries = patient.logs.slice(before).filter((l) => /Retrying/.test(JSON.stringify(l.data)));
      expect(retries.length).toBeGreaterThanOrEqual(1);
    }
    await followUpSucceeds(patient);
  });
});

describe("a server-requested wait longer than we sit out", () => {
  it("fails at once with the wait in the hint instead of hanging", async () => {
    emu.control.addFault({ route: "management", kind: "af429", retryAfterSeconds: 3600, times: 5 });
    const started = Date.now();
    const r = await patient.call("list_subscriptions", { refresh: true });
    expectClearError(patient, r, /AF429/);
    expect(patient.text(r)).toMatch(/\b(60 ?min|3600 ?s|1 ?h|hour|minutes?)\b/i);
    expect(Date.now() - started).toBeLessThan(3000);
    await followUpSucceeds(patient);
  });
});

describe("slow bodies", () => {
  it("a body that trickles in within the timeout is read whole", async () => {
    emu.control.addFault({ route: "management", kind: "slow-body", slowMs: 600 });
    const started = Date.now();
    const r = await strict.call("list_subscriptions", { refresh: true });
    expectOk(r);
    expect(Date.now() - started).toBeGreaterThanOrEqual(500);
    expect(outputOf<typeof listSubscriptions>(r).subscriptions.length).toBeGreaterThan(0);
  });
});

describe("faults that outlast the retries give a clear tool error, and the server keeps serving", () => {
  const cases: [string, FaultRule, string, () => Record<string, unknown>, RegExp][] = [
    [
      "429 burst",
      { route: "graph", kind: "429", retryAfterSeconds: null },
      "message_trace",
      TRACE,
      /429|throttl|too many/i,
    ],
    [
      "AF429 burst",
      { route: "management", kind: "af429" },
      "list_subscriptions",
      () => ({ refresh: true }),
      /AF429|throttl|too many/i,
    ],
    [
      "AF50000 burst",
      { route: "management", kind: "500" },
      "list_subscriptions",
      () => ({ refresh: true }),
      /AF50000|500/,
    ],
    [
      "503 burst",
      { route: "reporting", kind: "503" },
      "message_trace",
      () => ({ ...TRACE(), backend: "reporting" }),
      /503|unavailable/i,
    ],
    [
      "connection resets",
      { route: "content", kind: "reset" },
      "retrieve_content",
      () => ({ contentId }),
      /connection|reset|socket/i,
    ],
    [
      "truncated JSON",
      { route: "management", kind: "truncated" },
      "list_subscriptions",
      () => ({ refresh: true }),
      /JSON|body|parse|incomplete|truncat/i,
    ],
    [
      "malformed JSON",
      { route: "graph", kind: "malformed" },
      "message_trace",
      TRACE,
      /JSON|body|parse|malformed/i,
    ],
    [
      "a body slower than the timeout",
      { route: "management", kind: "slow-body", slowMs: 4000 },
      "list_subscriptions",
      () => ({ refresh: true }),
      /TIMEOUT|within|slow/i,
    ],
    [
      "token endpoint down",
      { route: "token", kind: "503" },
      "list_subscriptions",
      () => ({ refresh: true }),
      /token|AADSTS|unavailable|503/i,
    ],
  ];
  it.each(cases)("%s", async (_label, rule, tool, args, code) => {
    if (rule.route === "token") strict.deps.tokens.invalidate("management");
    emu.control.addFault({ times: 3, ...rule });
    const r = await strict.call(tool, args());
    expectClearError(strict, r, code);
    await followUpSucceeds(strict);
  });

  it("a search over blobs that keep failing reports them in its coverage instead of failing silently", async () => {
    emu.control.addFault({ route: "content", kind: "500", times: 1000 });
    const r = await strict.call("search_audit_log", { contentTypes: ["Audit.Exchange"] });
    emu.control.clearFaults();
    const text = `${strict.text(r)} ${JSON.stringify(r.structuredContent ?? {})}`;
    if (r.isError) expectClearError(strict, r);
    else expect(text).toMatch(/fail/i);
    await followUpSucceeds(strict);
  });
});

describe("a revoked refresh token", () => {
  it("gives an error that says to sign in again, and the server keeps serving", async () => {
    const h = await startHarness({ emu, auth: "refresh", config: { maxRetries: 0 } });
    try {
      expectOk(await h.call("list_subscriptions", { refresh: true }));
      emu.control.revokeRefreshTokens();
      for (const api of ["management", "graph", "reporting"] as const) h.deps.tokens.invalidate(api);
      const r = await h.call("list_subscriptions", { refresh: true });
      expectClearError(h, r, /refresh token|sign[ -]?in|AADSTS|invalid_grant/i);
      // Still serving: the protocol answers, input errors stay clean, resources still read.
      expect((await h.client.listTools()).tools.length).toBeGreaterThan(5);
      expectClearError(h, await h.call("retrieve_content", {}));
      expect((await h.client.readResource({ uri: "o365://config" })).contents.length).toBe(1);
    } finally {
      emu.control.reset();
      await h.close();
    }
  });
});

describe("many faulty calls", () => {
  it("keep memory bounded over 300 faulty calls and leave nothing unhandled", async () => {
    const kinds: FaultRule["kind"][] = ["500", "af429", "503", "reset", "truncated", "malformed", "429"];
    const round = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const kind = kinds[i % kinds.length];
        emu.control.addFault({ route: "management", kind, retryAfterSeconds: null });
        const r = await strict.call("list_subscriptions", { refresh: true });
        expect(r, kind).toBeToolResult({ isError: true });
        if (i % 10 === 0) expectClearError(strict, await strict.call("search_audit_log", { limit: -1 }));
      }
    };
    await round(40); // warm-up: caches, JIT, lazily built schemas
    emu.control.clearRequests();
    strict.logs.length = 0;
    strict.stderr.length = 0;
    gcNow();
    const before = process.memoryUsage().heapUsed;
    await round(300);
    emu.control.clearRequests();
    strict.logs.length = 0;
    strict.stderr.length = 0;
    gcNow();
    const grownMb = (process.memoryUsage().heapUsed - before) / 1_048_576;
    if (process.env.SHOW_HEAP) console.log(`heap grew ${grownMb.toFixed(2)} MB`);
    expect(grownMb, `heap grew ${grownMb.toFixed(1)} MB`).toBeLessThan(40);
    await followUpSucceeds(strict);
    expect(unhandled).toEqual([]);
  });
});
