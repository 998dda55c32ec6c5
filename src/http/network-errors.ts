// Socket-level failures (no HTTP answer) mapped to O365Error: resets are transient, TLS and DNS are not.
import type { Api } from "../config/types.js";
import { O365Error } from "../errors.js";

const TRANSIENT = new Set([
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "ECONNABORTED",
  "UND_ERR_SOCKET",
  "UND_ERR_CLOSED",
  "UND_ERR_RES_CONTENT_LENGTH_MISMATCH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function codeOf(e: unknown): string | undefined {
  for (let cur = e, depth = 0; cur && depth < 4; cur = (cur as { cause?: unknown }).cause, depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === "string" && code !== "UND_ERR_ABORTED") return code;
  }
  return undefined;
}

export function networkError(api: Api | "auth", host: string, e: unknown): O365Error {
  const code = codeOf(e) ?? "NETWORK_ERROR";
  if (TRANSIENT.has(code)) {
    return new O365Error({
      api,
      code,
      message: `The connection to ${host} failed (${code}).`,
      hint: "A transient network failure: retry; if it persists, check the proxy settings (O365_HTTP_PROXY).",
      retryable: true,
      cause: e,
    });
  }
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL/i.test(code)) {
    return new O365Error({
      api,
      code,
      message: `TLS verification of ${host} failed (${code}).`,
      hint: "If a proxy or private CA re-signs traffic, trust its CA with O365_CA_FILE (rather than turning verification off).",
      cause: e,
    });
  }
  return new O365Error({
    api,
    code,
    message: `Could not reach ${host} (${code}).`,
    hint: "Check the endpoint URLs, DNS and proxy settings (O365_HTTP_PROXY), and that the cloud (O365_CLOUD) is right.",
    cause: e,
  });
}
