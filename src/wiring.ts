// createDeps: builds the process-wide dependencies once (dispatcher -> tokens -> http -> API clients).
import { createAuditSearch } from "./audit/search.js";
import { createTokenProvider } from "./auth/token-provider.js";
import type { Config } from "./config/types.js";
import type { ServerDeps } from "./deps.js";
import { createHttpClient } from "./http/client.js";
import { createDispatcher } from "./http/dispatcher.js";
import { createManagementClient } from "./management/client.js";
import { createMessageTraceClient } from "./messagetrace/client.js";

export async function createDeps(
  config: Config,
  opts: { now?: () => Date; log?: (line: string) => void } = {},
): Promise<ServerDeps> {
  const now = opts.now ?? (() => new Date());
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const dispatcher = createDispatcher(config);
  const tokens = createTokenProvider(config, { dispatcher, log, now });
  const http = createHttpClient({ config, tokens, dispatcher, now });
  const management = createManagementClient({ config, http });
  const messageTrace = createMessageTraceClient({ config, http, now });
  const audit = createAuditSearch({ config, management, now, log });
  return {
    config,
    tokens,
    http,
    management,
    messageTrace,
    audit,
    now,
    log,
    // The HTTP client owns the dispatcher, which MSAL's network client shares; the audit search owns the
    // cache's prune timer.
    async close() {
      await audit.close?.();
      await http.close();
    },
  };
}
