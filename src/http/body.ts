// Reads a response body under a size cap (O365_MAX_RESPONSE_MB): chunks are counted as they arrive and the
// socket is dropped as soon as the cap is passed, so an endless or huge body costs at most the cap in memory,
// and it surfaces as RESPONSE_TOO_LARGE naming the limit, never as an out-of-memory crash or a
// string-length error that looks like a network failure. The chunks are joined once, not copied twice.
import type { Readable } from "node:stream";
import type { Api } from "../config/types.js";
import { O365Error } from "../errors.js";

export const MIB = 1024 * 1024;

export function responseTooLarge(api: Api, host: string, maxBytes: number, status?: number): O365Error {
  return new O365Error({
    api,
    status,
    code: "RESPONSE_TOO_LARGE",
    message: `The answer from ${host} is larger than ${Math.round(maxBytes / MIB)} MB (O365_MAX_RESPONSE_MB); it was not read.`,
    hint: "Raise O365_MAX_RESPONSE_MB if such large answers are expected (real content blobs are a few MB); otherwise the service or a proxy in between is misbehaving.",
  });
}

/** The whole body, or RESPONSE_TOO_LARGE once more than maxBytes arrived (or are announced). */
export async function readCappedBody(
  body: Readable & { destroy(error?: Error): unknown },
  headers: Record<string, string | string[] | undefined>,
  limit: { api: Api; host: string; maxBytes: number; status: number },
): Promise<Buffer> {
  const tooLarge = () => responseTooLarge(limit.api, limit.host, limit.maxBytes, limit.status);
  const announced = Number(headers["content-length"]);
  if (Number.isFinite(announced) && announced > limit.maxBytes) {
    body.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    total += buf.length;
    if (total > limit.maxBytes) {
      body.destroy();
      throw tooLarge();
    }
    chunks.push(buf);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}
