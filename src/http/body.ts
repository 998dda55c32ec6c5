// Reads a response body under a size cap (O365_MAX_RESPONSE_MB): chunks are counted as they arrive and the
// socket is dropped as soon as the cap is passed, so an endless or huge body costs at most the cap in memory,
// and it surfaces as RESPONSE_TOO_LARGE naming the limit, never as an out-of-memory crash or a
// string-length error that looks like a network failure. The chunks are joined once, not copied twice.
import type { Readable } from "node:stream";
import type { Api } from "../config/types.js";
import { O365Error } from "../errors.js";
import type { BodyPool } from "./body-pool.js";

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

/** A body as read: its bytes, and the pooled buffer they live in (to give back once nothing reads them). */
export interface ReadBody {
  bytes: Buffer;
  pooled?: Buffer;
}

/**
 * The whole body, or RESPONSE_TOO_LARGE once more than maxBytes arrived (or are announced). With a pool, a
 * body that announced its length is copied into a reused buffer as it arrives (body-pool.ts).
 */
export async function readCappedBody(
  body: Readable & { destroy(error?: Error): unknown },
  headers: Record<string, string | string[] | undefined>,
  limit: { api: Api; host: string; maxBytes: number; status: number },
  pool?: BodyPool,
): Promise<ReadBody> {
  const tooLarge = () => responseTooLarge(limit.api, limit.host, limit.maxBytes, limit.status);
  const announced = Number(headers["content-length"]);
  if (Number.isFinite(announced) && announced > limit.maxBytes) {
    body.destroy();
    throw tooLarge();
  }
  let target = Number.isInteger(announced) && announced > 0 ? pool?.take(announced) : undefined;
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    if (total + buf.length > limit.maxBytes) {
      body.destroy();
      if (target) pool?.give(target);
      throw tooLarge();
    }
    if (target && total + buf.length <= target.length) buf.copy(target, total);
    else {
      // More than announced (or no pooled buffer): keep the chunks and join them as before.
      if (target) {
        chunks.push(Buffer.from(target.subarray(0, total)));
        pool?.give(target);
        target = undefined;
      }
      chunks.push(buf);
    }
    total += buf.length;
  }
  if (target) return { bytes: target.subarray(0, total), pooled: target };
  return { bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total) };
}
