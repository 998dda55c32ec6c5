// readCappedBody: a body is read under its cap, refused early when its Content-Length already says it is too
// large (nothing read), refused mid-stream when it grows past the cap without announcing it, and the stream is
// dropped either way.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readCappedBody } from "../../src/http/body.js";

const LIMIT = { api: "management" as const, host: "manage.example", maxBytes: 100, status: 200 };

function counted(chunks: Buffer[]): { body: Readable; read: () => number } {
  let read = 0;
  const body = Readable.from(
    (function* () {
      for (const c of chunks) {
        read += c.length;
        yield c;
      }
    })(),
  );
  return { body, read: () => read };
}

describe("readCappedBody", () => {
  it("returns the whole body under the cap, joined once", async () => {
    const { body } = counted([Buffer.from("ab"), Buffer.from("cd")]);
    expect((await readCappedBody(body, {}, LIMIT)).bytes.toString()).toBe("abcd");
  });

  it("refuses an announced Content-Length over the cap before reading anything, and drops the stream", async () => {
    const { body, read } = counted([Buffer.alloc(10)]);
    await expect(readCappedBody(body, { "content-length": "999" }, LIMIT)).rejects.toMatchObject({
      code: "RESPONSE_TOO_LARGE",
      message: expect.stringContaining("O365_MAX_RESPONSE_MB"),
    });
    expect(read()).toBe(0);
    expect(body.destroyed).toBe(true);
  });

  it("refuses an unannounced body once it grows past the cap, and drops the stream", async () => {
    const { body, read } = counted([Buffer.alloc(60), Buffer.alloc(60), Buffer.alloc(60)]);
    await expect(readCappedBody(body, {}, LIMIT)).rejects.toMatchObject({ code: "RESPONSE_TOO_LARGE" });
    expect(read()).toBe(120); // stopped at the chunk that passed the cap, not at the end
    expect(body.destroyed).toBe(true);
  });

  it("keeps the status of an over-size error answer", async () => {
    const { body } = counted([Buffer.alloc(200)]);
    await expect(readCappedBody(body, {}, { ...LIMIT, status: 500 })).rejects.toMatchObject({ status: 500 });
  });
});
