// expect(result).toBeToolResult({ text, structured, isError }): one assertion on a tools/call result, so a
// test states what the user sees (the text) and what a program reads (structuredContent) without digging.
import type { MatcherState } from "vitest";

export type TextExpectation = string | RegExp;

export interface ToolResultExpectation {
  /** Each string must be contained in the result's text, each RegExp must match it. */
  text?: TextExpectation | TextExpectation[];
  /** A subset of structuredContent, compared like toMatchObject (asymmetric matchers allowed). */
  structured?: Record<string, unknown>;
  /** Default false: without it the matcher also asserts that the call succeeded. */
  isError?: boolean;
}

declare module "vitest" {
  // biome-ignore lint/suspicious/noExplicitAny: must repeat vitest's declaration of Matchers exactly
  interface Matchers<T = any> {
    toBeToolResult(expected?: ToolResultExpectation): T;
  }
}

/** How much of the actual text a failure message shows. */
const TEXT_SHOWN = 2048;

/** The parts of a tools/call result the matcher reads (structural, so it does not depend on an SDK line). */
export interface ToolResultLike {
  content?: { type: string; text?: string }[];
  structuredContent?: unknown;
  isError?: boolean;
}

function isToolResult(value: unknown): value is ToolResultLike {
  return typeof value === "object" && value !== null && Array.isArray((value as ToolResultLike).content);
}

/** The text blocks of a result, joined: what a model reads. */
export function resultText(result: ToolResultLike): string {
  return (result.content ?? [])
    .filter((block) => block.type === "text")
    .map((block) => block.text ?? "")
    .join("\n");
}

function describeText(pattern: TextExpectation): string {
  return typeof pattern === "string" ? JSON.stringify(pattern) : String(pattern);
}

function textMatches(text: string, pattern: TextExpectation): boolean {
  return typeof pattern === "string" ? text.includes(pattern) : pattern.test(text);
}

/** The part of `actual` that `expected` talks about, so the diff is not buried under unasserted fields. */
function subsetFor(actual: unknown, expected: unknown): unknown {
  if (isAsymmetric(expected)) return actual;
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return actual.map((item, i) => (i < expected.length ? subsetFor(item, expected[i]) : item));
  }
  if (!isRecord(actual) || !isRecord(expected)) return actual;
  return Object.fromEntries(Object.keys(expected).map((key) => [key, subsetFor(actual[key], expected[key])]));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function isAsymmetric(value: unknown): boolean {
  return typeof (value as { asymmetricMatch?: unknown } | null)?.asymmetricMatch === "function";
}

export function toBeToolResult(
  this: MatcherState,
  received: unknown,
  expected: ToolResultExpectation = {},
): { pass: boolean; message: () => string } {
  if (!isToolResult(received)) {
    return {
      pass: false,
      message: () =>
        `expected a tools/call result ({ content: [...] }), got ${this.utils.stringify(received)}`,
    };
  }
  const problems: string[] = [];
  const text = resultText(received);
  const wantError = expected.isError ?? false;
  if (Boolean(received.isError) !== wantError) {
    problems.push(
      wantError ? "expected an error result (isError: true)" : "expected success, got isError: true",
    );
  }
  const patterns = expected.text === undefined ? [] : [expected.text].flat();
  for (const pattern of patterns) {
    if (!textMatches(text, pattern)) problems.push(`text does not contain ${describeText(pattern)}`);
  }
  if (expected.structured !== undefined) {
    const actual = received.structuredContent;
    // Like toMatchObject, a missing structuredContent matches no object, not even {}.
    const matched =
      isRecord(actual) &&
      this.equals(actual, expected.structured, [
        ...this.customTesters,
        this.utils.iterableEquality,
        this.utils.subsetEquality,
      ]);
    if (!matched) {
      const diff = this.utils.diff(expected.structured, subsetFor(actual, expected.structured));
      problems.push(`structuredContent does not match:\n${diff ?? this.utils.stringify(actual)}`);
    }
  }
  const shown = text.length > TEXT_SHOWN ? `${text.slice(0, TEXT_SHOWN)}\n… (${text.length} chars)` : text;
  const actualText = `actual text:\n${shown}`;
  if (problems.length > 0) {
    return { pass: false, message: () => `${problems.join("\n")}\n\n${actualText}` };
  }
  return {
    pass: true,
    message: () => `expected the tool result not to match ${this.utils.stringify(expected)}\n\n${actualText}`,
  };
}
