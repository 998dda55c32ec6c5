// The one undici dispatcher per process: keep-alive, bounded connections, proxy, TLS switch, extra CA.
import { rootCertificates } from "node:tls";
import { Agent, type Dispatcher, ProxyAgent } from "undici";
import type { Config } from "../config/types.js";

export function createDispatcher(config: Pick<Config, "verifyTls" | "caPem" | "proxy">): Dispatcher {
  // Node's `ca` replaces the system store, so the extra CA is appended to the bundled roots.
  const tls = {
    rejectUnauthorized: config.verifyTls,
    ...(config.caPem ? { ca: [...rootCertificates, config.caPem] } : {}),
  };
  const pool = { connections: 16, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000 };
  if (config.proxy) return new ProxyAgent({ uri: config.proxy, requestTls: tls, proxyTls: tls, ...pool });
  return new Agent({ connect: tls, ...pool });
}
