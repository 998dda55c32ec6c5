// createDeps: builds the process-wide dependencies once (dispatcher -> tokens -> http -> API clients).
// The network stack (undici dispatcher, HTTP client, and msal-node inside the token provider) is loaded at
// the first API request, so the stdio server answers `initialize` and `tools/list` without paying for it.
import { createAuditSearch } from "./audit/search.js";
import { createTokenProvider } from "./auth/token-provider.js";
import { redactorFor } from "./config/secret-redaction.js";
import type { Config } from "./config/types.js";
import type { ServerDeps } from "./deps.js";
import { createAuditQueryApi } from "./history/api.js";
import { createCombinedSearch } from "./history/combined.js";
import { QueryStore } from "./history/store.js";
import { allowedOrigins, isAllowedOrigin } from "./http/allowlist.js";
import type { HttpClient } from "./http/types.js";
import { createManagementClient } from "./management/client.js";
import { withSubscriptionCache } from "./management/subscription-cache.js";
import { createMessageTraceClient } from "./messagetrace/client.js";
import { createQuestionCache } from "./question-cache.js";
import { createMailCache } from "./timeline/mail-cache.js";

export async function createDeps(
  config: Config,
  opts: { now?: () => Date; log?: (line: string) => void } = {},
): Promise<ServerDeps> {
  const now = opts.now ?? (() => new Date());
  // Diagnostic lines can quote what a service answered: they pass the same redaction as MCP messages.
  const redact = redactorFor(config);
  const sink = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const log = (line: string) => sink(redact(line));
  let network: ReturnType<typeof loadNetwork> | undefined;
  const loadNetwork = async () => {
    const [{ createDispatcher }, { createHttpClient }] = await Promise.all([
      import("./http/dispatcher.js"),
      import("./http/client.js"),
    ]);
    const dispatcher = createDispatcher(config);
    return { dispatcher, http: createHttpClient({ config, tokens, dispatcher, now }) };
  };
  const loaded = () => {
    network ??= loadNetwork();
    return network;
  };
  const tokens = createTokenProvider(config, {
    dispatcher: async () => (await loaded()).dispatcher,
    log,
    now,
  });
  const origins = allowedOrigins(config.endpoints);
  const http: HttpClient = {
    request: async (req) => (await loaded()).http.request(req),
    isAllowedUrl: (url) => isAllowedOrigin(origins, url),
    // The HTTP client owns the dispatcher, which MSAL's network client shares.
    async close() {
      if (network) await (await network).http.close();
    },
  };
  const management = withSubscriptionCache(createManagementClient({ config, http }), {
    now: () => now().getTime(),
  });
  const messageTrace = createMessageTraceClient({ config, http, now });
  // Windows older than the feed's 7 days also read the Purview audit search API (src/history).
  const audit = createCombinedSearch({
    config,
    feed: createAuditSearch({ config, management, now, log }),
    api: createAuditQueryApi({ config, http }),
    store: new QueryStore({ dir: config.cacheDir, now: () => now().getTime(), log }),
    now,
  });
  return {
    config,
    tokens,
    http,
    management,
    messageTrace,
    audit,
    timelineMail: createMailCache({ now }),
    // A findings answer holds no records (findings and coverage only): a few are cheap to keep.
    findingsAnswers: createQuestionCache({ now, ttlMs: 15 * 60_000, maxEntries: 8 }),
    now,
    log,
    // The audit search owns the cache's prune timer.
    async close() {
      await audit.close?.();
      await http.close();
    },
  };
}
