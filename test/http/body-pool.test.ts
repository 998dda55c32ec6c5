// BodyPool: large bodies land in reused buffers, bounded in what it keeps idle; readCappedBody copies a
// body that announced its length into one, and falls back to joining chunks when more arrives than announced.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readCappedBody } from "../../src/http/body.js";
import { BodyPool } from "../../src/http/body-pool.js";

const KB = 1024;
const LIMIT = { api: "management" as const, host: "h", maxBytes: 64 * 1024 * KB, status: 200 };
const chunked = (bytes: Buffer, size = 16 * KB) => {
  const parts: Buffer[] = [];
  for (let o = 0; o < bytes.length; o += size) parts.push(bytes.subarray(o, o + size));
  return Readable.from(parts);
};

describe("BodyPool", () => {
  it("reuses a given-back buffer for a body of similar size, not for one far smaller", () => {
    const pool = new BodyPool(8 * 1024 * KB);
    const a = pool.take(1024 * KB)!;
    pool.give(a);
    expect(pool.take(900 * KB)).toBe(a);
    expect(pool.reused).toBe(1);
    pool.give(a);
    expect(pool.take(300 * KB)).not.toBe(a); // would pin 3x the need
    expect(pool.take(32 * KB)).toBeUndefined(); // small bodies are not pooled
  });

  it("keeps at most its budget idle", () => {
    const pool = new BodyPool(2 * 1024 * KB);
    for (let i = 0; i < 5; i++) pool.give(Buffer.alloc(1024 * KB));
    expect(pool.idleSize).toBe(2 * 1024 * KB);
  });

  it("reads an announced body into a pooled buffer, byte for byte", async () => {
    const pool = new BodyPool(8 * 1024 * KB);
    const body = Buffer.from("x".repeat(700 * KB));
    const first = await readCappedBody(chunked(body), { "content-length": String(body.length) }, LIMIT, pool);
    expect(first.pooled).toBeDefined();
    expect(first.bytes.equals(body)).toBe(true);
    pool.give(first.pooled!);
    const other = Buffer.from("y".repeat(650 * KB));
    const second = await readCappedBody(
      chunked(other),
      { "content-length": String(other.length) },
      LIMIT,
      pool,
    );
    expect(second.pooled).toBe(first.pooled);
    expect(second.bytes.equals(other)).toBe(true);
  });

  it("joins the chunks when more arrives than was announced, and when no length was announced", async () => {
    const pool = new BodyPool(8 * 1024 * KB);
    const body = Buffer.from("z".repeat(800 * KB));
    const over = await readCappedBody(chunked(body), { "content-length": String(300 * KB) }, LIMIT, pool);
    expect(over.pooled).toBeUndefined();
    expect(over.bytes.equals(body)).toBe(true);
    const unannounced = await readCappedBody(chunked(body), {}, LIMIT, pool);
    expect(unannounced.pooled).toBeUndefined();
    expect(unannounced.bytes.equals(body)).toBe(true);
  });
});
