// A configured (hence allowed) service host that echoes back what it was sent, the way a misbehaving proxy
// or a verbose 5xx page does: the token request's form body (client_secret=...), the Authorization header,
// and planted values in the error code, in base64, base64url and URL-encoded form. Every answer is an
// error, so the echo travels through the error paths: results, retry log notifications, the audit log.
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { EmulatorHandle } from "../../src/emulator/types.js";

export interface EchoService {
  origin: string;
  /** Values the service pretends to have received and quotes back in every answer. */
  planted: string[];
  /** Requests it answered, by path. */
  paths: string[];
  close(): Promise<void>;
}

function encodings(value: string): string {
  return [
    `raw=${value}`,
    `b64=${Buffer.from(value).toString("base64")}`,
    `b64url=${Buffer.from(value).toString("base64url")}`,
    `url=${encodeURIComponent(value)}`,
    `basic=Basic ${Buffer.from(`client:${value}`).toString("base64")}`,
  ].join(" ");
}

export async function startEchoService(emu: EmulatorHandle): Promise<EchoService> {
  const { certPem, keyPem } = await emu.issueCertificate(["127.0.0.1"]);
  const echo: EchoService = { origin: "", planted: [], paths: [], close: async () => {} };
  const server: Server = createServer({ cert: certPem, key: keyPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "https://127.0.0.1");
      echo.paths.push(url.pathname);
      const body = Buffer.concat(chunks).toString("utf8");
      const quoted = [
        `received body: ${body}`,
        `received Authorization: ${req.headers.authorization ?? "(none)"}`,
        ...echo.planted.map(encodings),
      ].join("\n");
      const first = echo.planted[0] ?? "none";
      if (url.pathname.endsWith("/oauth2/v2.0/token")) {
        // AAD's error shape, with the echo in the code and the description.
        res.writeHead(500, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            error: `server_error_${first}`,
            error_description: `AADSTS90000: echo ${quoted}`,
            error_codes: [90000],
            trace_id: first,
          }),
        );
        return;
      }
      // Management/Graph/Reporting error shapes, retryable so the retry log line carries the code too.
      res.writeHead(503, { "content-type": "application/json", "retry-after": "0" });
      res.end(
        JSON.stringify({
          error: { code: `AF5000${first}`, message: `echo ${quoted}` },
          "odata.error": { code: first, message: { value: quoted } },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  echo.origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  echo.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return echo;
}
