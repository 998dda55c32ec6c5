// An HTTPS host that is NOT one of the configured endpoints but that the client would trust (its certificate
// is signed by the emulator CA): if a bearer token ever reached it, it would be recorded here.
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { EmulatorHandle } from "../../src/emulator/types.js";

export interface SeenRequest {
  method: string;
  url: string;
  authorization?: string;
}

export interface ForeignHost {
  /** https://127.0.0.1:{port}: same address as the emulator, different origin. */
  origin: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function startForeignHost(emu: EmulatorHandle): Promise<ForeignHost> {
  const { certPem, keyPem } = await emu.issueCertificate(["127.0.0.1"]);
  const seen: SeenRequest[] = [];
  const server: Server = createServer({ cert: certPem, key: keyPem }, (req, res) => {
    seen.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization });
    res.writeHead(200, { "content-type": "application/json" });
    // Looks like a valid answer, so a client that followed the link would happily use it.
    res.end(JSON.stringify({ value: [], d: { results: [] } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
