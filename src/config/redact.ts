// The effective configuration for the o365://config resource and diagnostics: secrets replaced by "[set]".
import type { Config } from "./types.js";

const SET = "[set]";

export function redactConfig(config: Config): object {
  return {
    ...config,
    clientSecret: config.clientSecret ? SET : undefined,
    clientCertPem: config.clientCertPem ? SET : undefined,
    clientCertPassword: config.clientCertPassword ? SET : undefined,
    refreshToken: config.refreshToken ? SET : undefined,
    caPem: config.caPem ? SET : undefined,
    cursorKey: config.cursorKey ? SET : undefined,
    proxy: config.proxy ? redactUrlCredentials(config.proxy) : undefined,
    http: { ...config.http, token: config.http.token ? SET : undefined },
  };
}

/** Proxy URLs may carry user:password; keep the host, hide the rest. */
function redactUrlCredentials(value: string): string {
  try {
    const url = new URL(value);
    if (!url.username && !url.password) return url.toString();
    url.username = "redacted";
    url.password = "";
    return url.toString();
  } catch {
    return SET;
  }
}
