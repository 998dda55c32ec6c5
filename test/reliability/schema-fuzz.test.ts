// Property-based fuzzing over every tool's advertised input schema (fast-check): values of the right type
// and the wrong one, Object.prototype member names as values and keys, lone surrogates, control
// characters and numbers at their limits. Whatever arrives, the answer is a result or a clean isError
// (never [INTERNAL], never a stack), no promise rejection goes unhandled, and the server keeps serving.
// FUZZ_SEED replays a run; a failure prints its seed, path and the shrunk arguments.
import type { CallToolResult, Tool } from "@modelcontextprotocol/client";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../helpers/harness.js";
import { type ToolArguments, validToolArguments } from "../helpers/tool-arguments.js";
import { uncleanError } from "./clean-error.js";

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS_PER_TOOL = Number(process.env.FUZZ_RUNS ?? 60);
// Generous: the machine running the tests may be busy; a hang is what this catches, not slowness.
const CALL_BOUND_MS = 15_000;

/** Names that are members of Object.prototype: a lookup table indexed with them finds a function. */
const PROTOTYPE_NAMES = [
  "constructor",
  "toString",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "__proto__",
  "__defineGetter__",
  "toLocaleString",
  "propertyIsEnumerable",
];

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  minimum?: number;
  maximum?: number;
};

const oddString = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom(...PROTOTYPE_NAMES) },
  { weight: 2, arbitrary: fc.constantFrom("\uD800", "a\uDC00b", "\uDBFF", "id-\uD83D") },
  { weight: 1, arbitrary: fc.constantFrom("x\u0000y", "\u202E", "", " ", "\r\n", "'", "%", "$", "../x") },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom("Audit.Exchange", "2026-11-30T00:00:00Z", "Operation", "*", "a@b.example"),
  },
);

const oddNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2, 0.5, 5001),
);

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  oddString,
  oddNumber,
  fc.boolean(),
  fc.constant(null),
  fc.array(oddString, { maxLength: 4 }),
  fc.dictionary(fc.constantFrom(...PROTOTYPE_NAMES, "a"), oddString, { maxKeys: 3 }),
);

/** A value for one property: usually of its advertised type (so it gets past the schema), sometimes not. */
function valueFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  const typed = (() => {
    if (schema.enum) return fc.oneof(fc.constantFrom(...schema.enum), oddString);
    switch (schema.type) {
      case "string":
        return oddString;
      case "integer":
        return fc.oneof(fc.integer({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6 }), oddNumber);
      case "number":
        return oddNumber;
      case "boolean":
        return fc.boolean();
      case "array":
        return fc.array(schema.items ? valueFor(schema.items) : anyValue, { maxLength: 5 });
      case "object":
        return fc.record(
          Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, valueFor(s)])),
          { requiredKeys: [] },
        );
      default:
        return anyValue;
    }
  })();
  return fc.oneof({ weight: 5, arbitrary: typed }, { weight: 1, arbitrary: anyValue });
}

/**
 * Arguments for a tool. Mostly a valid call with one argument replaced, so the odd value gets past the
 * other checks to the code that uses it; sometimes every argument generated; sometimes an extra key.
 */
function argumentsFor(
  properties: Record<string, JsonSchema>,
  valid: Record<string, unknown>,
): fc.Arbitrary<Record<string, unknown>> {
  const names = Object.keys(properties);
  const fields = Object.fromEntries(names.map((k) => [k, valueFor(properties[k])]));
  const withExtra = (args: Record<string, unknown>, key: string, value: unknown) => {
    const out = { ...args };
    // defineProperty, so "__proto__" becomes an own key as it does in JSON.parse.
    Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    return out;
  };
  const oneReplaced =
    names.length === 0
      ? fc.constant({ ...valid })
      : fc
          .constantFrom(...names)
          .chain((name) => valueFor(properties[name]).map((value) => ({ ...valid, [name]: value })));
  const allGenerated = fc.record(fields, { requiredKeys: [] }) as fc.Arbitrary<Record<string, unknown>>;
  const extraKey = fc
    .tuple(fc.constantFrom(...PROTOTYPE_NAMES, "\uD800", "limit ", "x"), anyValue)
    .map(([key, value]) => withExtra(valid, key, value));
  return fc.oneof(
    { weight: 6, arbitrary: oneReplaced },
    { weight: 2, arbitrary: allGenerated },
    { weight: 1, arbitrary: extraKey },
  );
}

let h: Harness;
let valid: ToolArguments;
let tools: Tool[];
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", onUnhandled);
  h = await startHarness({
    emulator: { days: 2, recordsPerBlob: 5, managementThrottlePerMinute: 1_000_000 },
    config: { maxRetries: 0, requestTimeoutMs: 3000, messageTracePer5Min: 1_000_000 },
  });
  valid = await validToolArguments(h);
  tools = (await h.client.listTools()).tools;
});

afterAll(async () => {
  process.off("unhandledRejection", onUnhandled);
  await h?.close();
});

async function bounded(name: string, args: Record<string, unknown>): Promise<CallToolResult | string> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${CALL_BOUND_MS} ms`), CALL_BOUND_MS);
  });
  try {
    return await Promise.race([h.call(name, args), late]);
  } catch (e) {
    return `protocol error: ${e instanceof Error ? e.message.slice(0, 300) : String(e)}`;
  } finally {
    clearTimeout(timer);
  }
}

describe("property-based fuzzing of every tool's input schema", () => {
  it("answers Object.prototype names and lone surrogates with a clear isError", async () => {
    // A RegExp: the call must be refused, naming what to fix. null: a valid call that may succeed
    // (a requested field that no record has), but never with an unclean error.
    const cases: [string, Record<string, unknown>, RegExp | null][] = [
      ["search_audit_log", { groupBy: ["constructor"] }, null],
      ["search_audit_log", { fields: ["toString"], users: ["a@b.example"] }, null],
      ["retrieve_content", { contentId: "\uD800" }, /contentId/],
      ["list_available_content", { contentType: "constructor" }, /contentType|content type/i],
      ["message_trace", { status: "toString" }, /status/i],
      ["list_subscriptions", { constructor: true }, /unknown argument `constructor`/],
      ["list_subscriptions", { toString: 1 }, /unknown argument `toString`/],
    ];
    for (const [tool, args, mentions] of cases) {
      const label = `${tool} ${JSON.stringify(args)}`;
      const r = await bounded(tool, args);
      expect(typeof r, `${label}: ${String(r)}`).toBe("object");
      const result = r as CallToolResult;
      if (mentions) {
        expect(result.isError, `${label} must be refused: ${h.text(result).slice(0, 200)}`).toBe(true);
        expect(h.text(result), tool).toMatch(mentions);
      }
      if (result.isError) expect(uncleanError(result), label).toBeUndefined();
      // Accepted, such a name is a field no record has, never a prototype member shown as data.
      else expect(JSON.stringify(result.structuredContent), label).not.toMatch(/native code|function /);
    }
  });

  it(`never answers [INTERNAL] for ${RUNS_PER_TOOL} generated calls per tool (seed ${SEED})`, {
    timeout: 240_000,
  }, async () => {
    for (const tool of tools) {
      const properties = (tool.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
      await fc.assert(
        fc.asyncProperty(argumentsFor(properties, valid[tool.name] ?? {}), async (args) => {
          const r = await bounded(tool.name, args);
          if (typeof r === "string") throw new Error(r);
          if (r.isError) {
            const problem = uncleanError(r);
            if (problem) throw new Error(problem);
          } else if (r.structuredContent === undefined) throw new Error("success without structuredContent");
        }),
        { seed: SEED, numRuns: RUNS_PER_TOOL, endOnFailure: true },
      );
      h.emu.control.reset(); // stop_subscription may have stopped feeds
    }
    expect(unhandled).toEqual([]);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(await h.call("list_subscriptions")).toBeToolResult();
  });
});
