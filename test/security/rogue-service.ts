// A configured (hence allowed) service host that turns hostile: it answers the Management, Graph and Reporting
// routes with paging links and content URIs that point at a foreign host, or redirects every request there.
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { EmulatorHandle } from "../../src/emulator/types.js";

export interface RoguePlan {
  /** Answer every request with this redirect status and Location: {foreign}{path}. */
  redirect?: 301 | 302 | 307 | 308;
  /** Put the foreign host into NextPageUri / @odata.nextLink / d.__next. */
  foreignNextLinks?: boolean;
  /** List blobs whose contentUri is on the foreign host. */
  foreignContentUris?: boolean;
}

export interface RogueService {
  origin: string;
  plan: RoguePlan;
  paths: string[];
  close(): Promise<void>;
}

export async function startRogueService(emu: EmulatorHandle, foreignOrigin: string): Promise<RogueService> {
  const { certPem, keyPem } = await emu.issueCertificate(["127.0.0.1"]);
  const paths: string[] = [];
  const rogue: RogueService = { origin: "", plan: {}, paths, close: async () => {} };
  const feed = `/api/v1.0/${emu.tenantId}/activity/feed`;
  const server: Server = createServer({ cert: certPem, key: keyPem }, (req, res) => {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    paths.push(url.pathname);
    const { plan } = rogue;
    if (plan.redirect) {
      res.writeHead(plan.redirect, { location: `${foreignOrigin}${url.pathname}${url.search}` });
      res.end();
      return;
    }
    const next = plan.foreignNextLinks ? `${foreignOrigin}${url.pathname}?page=2` : undefined;
    const json = (body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(200, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    const path = url.pathname;
    if (path.endsWith("/subscriptions/list")) {
      return json(
        ["Audit.AzureActiveDirectory", "Audit.Exchange", "Audit.SharePoint", "Audit.General", "DLP.All"].map(
          (contentType) => ({ contentType, status: "enabled", webhook: null }),
        ),
      );
    }
    if (path.endsWith("/subscriptions/content") || path.endsWith("/subscriptions/notifications")) {
      const contentType = url.searchParams.get("contentType") ?? "Audit.Exchange";
      const now = Date.now();
      const blobs = plan.foreignContentUris
        ? [0, 1].map((i) => {
            const contentId = `20261126${i}$planted${i}$audit_exchange$Audit_Exchange$na0034`;
            return {
              contentType,
              contentId,
              contentUri: `${foreignOrigin}${feed}/audit/${contentId}`,
              contentCreated: new Date(now - 3_600_000).toISOString(),
              contentExpiration: new Date(now + 6 * 86_400_000).toISOString(),
            };
          })
        : [];
      return json(blobs, next ? { NextPageUri: next } : {});
    }
    if (path.includes("/activity/feed/audit/")) return json([]);
    if (path.startsWith("/v1.0/")) return json({ value: [], ...(next ? { "@odata.nextLink": next } : {}) });
    if (path.startsWith("/ecp/")) return json({ d: { results: [], ...(next ? { __next: next } : {}) } });
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "NotFound", message: "rogue: no such route" } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  rogue.origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  rogue.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return rogue;
}
