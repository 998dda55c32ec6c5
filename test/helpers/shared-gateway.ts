// A custom cloud's single gateway on 127.0.0.1: Graph (/v1.0/...) and the legacy Reporting Web Service
// (/ecp/...) behind one host, forwarded to the emulator's own listeners with the caller's headers (so the
// emulator still checks each token's audience). Links in the answers are rewritten to the gateway, and
// legacy MessageTrace pages are cut to `legacyPageSize` rows with a d.__next, so paging crosses the gateway.
import { createServer, request as httpsRequest, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { EmulatorHandle } from "../../src/emulator/types.js";

export interface SharedGateway {
  origin: string;
  /** Paths requested, in order, with the service they went to. */
  seen: { service: "graph" | "reporting"; path: string }[];
  close(): Promise<void>;
}

export async function startSharedGateway(emu: EmulatorHandle, legacyPageSize = 2): Promise<SharedGateway> {
  const { certPem, keyPem } = await emu.issueCertificate(["127.0.0.1"]);
  const seen: SharedGateway["seen"] = [];
  const gateway: SharedGateway = { origin: "", seen, close: async () => {} };
  const server: Server = createServer({ cert: certPem, key: keyPem }, (req, res) => {
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    const service = url.pathname.startsWith("/ecp/") ? "reporting" : "graph";
    seen.push({ service, path: url.pathname });
    const target = new URL(
      `${url.pathname}${url.search}`,
      service === "graph" ? emu.graphUrl : emu.reportingUrl,
    );
    const headers = { ...req.headers, host: target.host };
    const upstream = httpsRequest(target, { method: req.method, headers, ca: emu.caCertPem }, (up) => {
      const chunks: Buffer[] = [];
      up.on("data", (c: Buffer) => chunks.push(c));
      up.on("end", () => {
        let text = Buffer.concat(chunks).toString("utf8");
        for (const origin of [emu.graphUrl, emu.reportingUrl]) text = text.split(origin).join(gateway.origin);
        if (service === "reporting" && /\/MessageTrace$/i.test(url.pathname)) text = cutLegacyPage(text, url);
        res.writeHead(up.statusCode ?? 502, {
          "content-type": up.headers["content-type"] ?? "application/json",
        });
        res.end(text);
      });
    });
    upstream.on("error", () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });

  function cutLegacyPage(text: string, url: URL): string {
    let body: { d?: { results?: { __metadata?: { uri?: string } }[]; __next?: string } };
    try {
      body = JSON.parse(text);
    } catch {
      return text;
    }
    const results = body.d?.results;
    if (!results || results.length <= legacyPageSize) return text;
    const kept = results.slice(0, legacyPageSize);
    const last = /\((\d+)\)$/.exec(kept.at(-1)?.__metadata?.uri ?? "")?.[1];
    if (last === undefined) return text;
    const next = new URL(`${gateway.origin}${url.pathname}${url.search}`);
    next.searchParams.set("$skiptoken", last);
    return JSON.stringify({ d: { results: kept, __next: next.href } });
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  gateway.origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  gateway.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return gateway;
}
