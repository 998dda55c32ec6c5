// A small hostile Management API on 127.0.0.1 (a configured, hence allowed, host): it lists blobs with a
// self-referencing or endless NextPageUri, serves blobs of any size by streaming them (it never holds one
// in memory), and truncates a blob's first download. It counts every request per path so tests can assert
// what reached it.
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { EmulatorHandle } from "../../src/emulator/types.js";

export interface HostilePlan {
  /** NextPageUri of /subscriptions/content: none, the same URL again, or a new page number every time. */
  next?: "none" | "self" | "endless";
  /** How many blobs the listing names (default 5). */
  blobs?: number;
  /** Size of every blob body, bytes (default: a few small records). */
  blobBytes?: number;
  /** The first GET of each blob ends halfway through its JSON. */
  truncateFirst?: boolean;
  /** Latency of each blob answer, ms (so concurrent searches overlap). */
  blobDelayMs?: number;
  /** Part of every contentId, so one test's blobs are not another's cache hits. */
  tag?: string;
}

export interface HostileFeed {
  origin: string;
  plan: HostilePlan;
  /** Requests per path since the last reset(). */
  counts: Map<string, number>;
  total(match: (path: string) => boolean): number;
  reset(plan?: HostilePlan): void;
  close(): Promise<void>;
}

const RECORD = (i: number) =>
  JSON.stringify({
    Id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    CreationTime: new Date(Date.now() - 2 * 3_600_000).toISOString().slice(0, 19),
    Operation: "FileAccessed",
    RecordType: 6,
    UserId: "alex@contoso.example",
    Workload: "SharePoint",
  });

export async function startHostileFeed(emu: EmulatorHandle): Promise<HostileFeed> {
  const { certPem, keyPem } = await emu.issueCertificate(["127.0.0.1"]);
  const counts = new Map<string, number>();
  const feed: HostileFeed = {
    origin: "",
    plan: {},
    counts,
    total: (match) => [...counts].filter(([p]) => match(p)).reduce((n, [, c]) => n + c, 0),
    reset(plan = {}) {
      counts.clear();
      feed.plan = plan;
    },
    close: async () => {},
  };
  const prefix = `/api/v1.0/${emu.tenantId}/activity/feed`;
  const server: Server = createServer({ cert: certPem, key: keyPem }, (req, res) => {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    const path = url.pathname;
    const seen = (counts.get(path) ?? 0) + 1;
    counts.set(path, seen);
    const { plan } = feed;
    const json = (body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(200, { "content-type": "application/json", ...headers });
      res.end(JSON.stringify(body));
    };
    if (path.endsWith("/subscriptions/list")) {
      return json(
        ["Audit.AzureActiveDirectory", "Audit.Exchange", "Audit.SharePoint", "Audit.General", "DLP.All"].map(
          (contentType) => ({ contentType, status: "enabled", webhook: null }),
        ),
      );
    }
    if (path.endsWith("/subscriptions/content")) {
      const contentType = url.searchParams.get("contentType") ?? "Audit.SharePoint";
      const page = Number(url.searchParams.get("nextPage") ?? "0");
      const headers: Record<string, string> = {};
      if (plan.next === "self") headers.NextPageUri = `${feed.origin}${path}${url.search}`;
      if (plan.next === "endless") {
        const n = new URL(`${feed.origin}${path}${url.search}`);
        n.searchParams.set("nextPage", String(page + 1));
        headers.NextPageUri = n.href;
      }
      // Only the first page names blobs; an endless chain after it holds nothing.
      const blobs =
        page > 0
          ? []
          : Array.from({ length: plan.blobs ?? 5 }, (_, i) => {
              const contentId = `20261201${i}$hostile${plan.tag ?? ""}${i}$audit_sharepoint$Audit_SharePoint$na0034`;
              return {
                contentType,
                contentId,
                contentUri: `${feed.origin}${prefix}/audit/${contentId}`,
                contentCreated: new Date(Date.now() - 3_600_000).toISOString(),
                contentExpiration: new Date(Date.now() + 6 * 86_400_000).toISOString(),
              };
            });
      return json(blobs, headers);
    }
    if (path.startsWith(`${prefix}/audit/`)) {
      const send = () => {
        res.writeHead(200, { "content-type": "application/json" });
        if (plan.truncateFirst && seen === 1) {
          const body = `[${[0, 1, 2].map(RECORD).join(",")}]`;
          res.end(body.slice(0, Math.floor(body.length / 2)));
          return;
        }
        if (plan.blobBytes === undefined) {
          res.end(`[${[0, 1, 2].map(RECORD).join(",")}]`);
          return;
        }
        streamHugeArray(res, plan.blobBytes);
      };
      if (plan.blobDelayMs) setTimeout(send, plan.blobDelayMs);
      else send();
      return;
    }
    res.writeHead(404, { "content-type": "application/json" });
    res.end(JSON.stringify({ error: { code: "NotFound", message: "hostile: no such route" } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  feed.origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  feed.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return feed;
}

/** A JSON array of about `bytes` bytes, written in 1 MB chunks as the socket drains; stops if it closes. */
function streamHugeArray(res: import("node:http").ServerResponse, bytes: number): void {
  const chunk = `${RECORD(1)},`.repeat(Math.ceil((1024 * 1024) / (RECORD(1).length + 1)));
  let sent = 0;
  res.write("[");
  const pump = () => {
    while (sent < bytes) {
      if (res.destroyed) return;
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once("drain", pump);
        return;
      }
    }
    res.end(`${RECORD(0)}]`);
  };
  res.on("error", () => {});
  pump();
}
