// The one undici dispatcher per process: keep-alive, bounded connections, proxy, TLS switch, extra CA.
import { createSecureContext, rootCertificates } from "node:tls";
import { Agent, type Dispatcher, ProxyAgent } from "undici";
import type { Config } from "../config/types.js";

export function createDispatcher(config: Pick<Config, "verifyTls" | "caPem" | "proxy">): Dispatcher {
  // Node's `ca` replaces the system store, so the extra CA is appended to the bundled roots. Built once:
  // passed as `ca`, every new connection would parse the ~140 root certificates again (the top self time
  // of a cold search in a CPU profile, bench/README.md).
  const tls = {
    rejectUnauthorized: config.verifyTls,
    ...(config.caPem
      ? { secureContext: createSecureContext({ ca: [...rootCertificates, config.caPem] }) }
      : {}),
  };
  // Keep-alive: connections stay open between the requests of a search and between searches. 40: an audit
  // search keeps up to 32 blob requests in flight (audit/concurrency.ts) beside a few listings.
  const pool = { connections: 40, keepAliveTimeout: 60_000, keepAliveMaxTimeout: 300_000 };
  if (config.proxy) return new ProxyAgent({ uri: config.proxy, requestTls: tls, proxyTls: tls, ...pool });
  return new Agent({ connect: tls, ...pool });
}
