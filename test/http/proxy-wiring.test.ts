// createDeps end to end through an HTTP CONNECT proxy: token requests (MSAL's network client) and API
// requests both take the configured proxy.
import { createServer, type Server } from "node:http";
import { type AddressInfo, connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import { createDeps } from "../../src/wiring.js";
import { emulatorConfig } from "../helpers/emulator-config.js";

let emu: EmulatorHandle;
let proxy: Server;
const tunnels: string[] = [];

beforeAll(async () => {
  emu = await startEmulator({ quiet: true });
  proxy = createServer((_req, res) => {
    res.writeHead(405).end();
  });
  proxy.on("connect", (req, client, head) => {
    tunnels.push(req.url ?? "");
    const [host, port] = (req.url ?? "").split(":");
    const upstream = connect(Number(port), host, () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  await new Promise<void>((r) => proxy.listen(0, "127.0.0.1", r));
});
afterAll(async () => {
  proxy?.close();
  await emu?.close();
});

describe("createDeps", () => {
  it("wires tokens, http and the management client, all through the configured proxy", async () => {
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const logs: string[] = [];
    const deps = await createDeps(emulatorConfig(emu, { overrides: { proxy: proxyUrl } }), {
      log: (l) => logs.push(l),
    });
    try {
      const subs = await deps.management.listSubscriptions();
      expect(subs.length).toBeGreaterThan(0);
      const hostOf = (u: string) => new URL(u).host;
      expect(tunnels).toContain(hostOf(emu.loginUrl));
      expect(tunnels).toContain(hostOf(emu.managementUrl));
      expect(deps.http.isAllowedUrl(`${emu.graphUrl}/v1.0/x`)).toBe(true);
    } finally {
      await deps.close();
    }
    const secret = emu.clientSecret;
    expect(logs.join("\n")).not.toContain(secret);
  });
});
