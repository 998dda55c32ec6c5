import type { IncomingMessage } from "node:http";

export type JsonBody = { kind: "ok"; value: unknown } | { kind: "too-large" } | { kind: "invalid-json" };

/**
 * Reads a request body of at most `maxBytes` and parses it as JSON. We read it ourselves (and hand the SDK
 * the parsed value) so the limit holds before any byte is buffered beyond it, even without Content-Length.
 * On overflow the rest is not read; the caller answers 413 with `Connection: close`.
 */
export function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<JsonBody> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.resolve({ kind: "too-large" });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        cleanup();
        req.pause();
        resolve({ kind: "too-large" });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      try {
        resolve({ kind: "ok", value: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
      } catch {
        resolve({ kind: "invalid-json" });
      }
    };
    const onError = (err: Error) => {
      cleanup();
      reject(err);
    };
    const cleanup = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}
