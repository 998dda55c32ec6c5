import { describe, expect, it } from "vitest";
import { z } from "zod";
import { O365Error } from "../../src/errors.js";
import { decodeCursor, encodeCursor } from "../../src/shape/cursor.js";

const state = z.object({ w: z.number(), p: z.string().optional() });

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof O365Error ? `${e.api}:${e.code}` : "other";
  }
  return undefined;
}

describe("opaque cursors", () => {
  it("round-trips state for the same kind", () => {
    const c = encodeCursor("list_available_content", { w: 2, p: "https://x/next?nextPage=1" });
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor("list_available_content", c, state)).toEqual({
      w: 2,
      p: "https://x/next?nextPage=1",
    });
  });

  it("refuses a cursor of another tool with INVALID_CURSOR", () => {
    const c = encodeCursor("retrieve_content", { w: 1 });
    expect(codeOf(() => decodeCursor("list_available_content", c, state))).toBe("input:INVALID_CURSOR");
  });

  it("refuses corrupt text, bad JSON and a wrong state shape", () => {
    expect(codeOf(() => decodeCursor("k", "not a cursor!", state))).toBe("input:INVALID_CURSOR");
    expect(codeOf(() => decodeCursor("k", Buffer.from("{nope").toString("base64url"), state))).toBe(
      "input:INVALID_CURSOR",
    );
    expect(codeOf(() => decodeCursor("k", encodeCursor("k", { w: "two" }), state))).toBe(
      "input:INVALID_CURSOR",
    );
  });

  it("refuses a cursor from another server version as stale", () => {
    const old = Buffer.from(JSON.stringify({ v: 1, k: "k", t: Date.now(), s: { w: 1 } })).toString(
      "base64url",
    );
    let message = "";
    try {
      decodeCursor("k", old, state);
    } catch (e) {
      message = (e as O365Error).message;
    }
    expect(message).toMatch(/not issued by this server or has expired/);
  });

  it("refuses a cursor older than maxAgeMs", () => {
    const c = encodeCursor("k", { w: 1 }, new Date("2026-11-01T00:00:00Z"));
    expect(
      codeOf(() =>
        decodeCursor("k", c, state, { now: new Date("2026-11-03T00:00:00Z"), maxAgeMs: 86_400_000 }),
      ),
    ).toBe("input:INVALID_CURSOR");
    expect(
      decodeCursor("k", c, state, { now: new Date("2026-11-01T12:00:00Z"), maxAgeMs: 86_400_000 }),
    ).toEqual({
      w: 1,
    });
  });

  it("refuses an edited cursor, a hand-made one and one signed with another key, saying how to go on", () => {
    const c = encodeCursor("k", { w: 1, p: "https://graph.test/v1.0/admin/exchange/tracing/messageTraces" });
    const [payload, mac] = [c.slice(0, -22), c.slice(-22)];
    const edited = Buffer.from(
      Buffer.from(payload, "base64url")
        .toString("utf8")
        .replace("/admin/exchange/tracing/messageTraces", "/users"),
    ).toString("base64url");
    const handMade = Buffer.from(JSON.stringify({ v: 2, k: "k", t: Date.now(), s: { w: 1 } })).toString(
      "base64url",
    );
    const otherKey = encodeCursor(
      "k",
      { w: 1 },
      new Date(),
      undefined,
      "another-deployment-key-0123456789abcdef",
    );
    for (const bad of [
      `${edited}.${mac}`,
      handMade,
      `${handMade}.${mac}`,
      otherKey,
      `${payload}.${mac.slice(1)}A`,
    ]) {
      let error: O365Error | undefined;
      try {
        decodeCursor("k", bad, state);
      } catch (e) {
        error = e as O365Error;
      }
      expect(error?.code, bad).toBe("INVALID_CURSOR");
      expect(error?.message).toMatch(
        /not issued by this server or has expired: repeat the call without cursor/,
      );
    }
  });

  it("accepts a cursor signed with the same configured key (replicas sharing O365_CURSOR_KEY)", () => {
    const key = "shared-deployment-key-0123456789abcdef";
    const c = encodeCursor("k", { w: 3 }, new Date(), undefined, key);
    expect(decodeCursor("k", c, state, { key })).toEqual({ w: 3 });
    expect(() => decodeCursor("k", c, state)).toThrow(/not issued by this server/);
  });
});
