// The real config, token provider and HttpClient pointed at a running emulator, for client-level tests.
import { loadConfig, type RawConfigInput } from "../../src/config/load.js";
import type { ServerDeps } from "../../src/deps.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import { createDeps } from "../../src/wiring.js";

export async function emulatorDeps(
  emu: EmulatorHandle,
  overrides: Record<string, unknown> = {},
): Promise<ServerDeps> {
  const config = loadConfig({
    argv: [],
    env: {},
    overrides: {
      cloud: "custom",
      tenantId: emu.tenantId,
      clientId: emu.clientId,
      clientSecret: emu.clientSecret,
      tokenUrl: emu.tokenUrl,
      managementUrl: emu.managementUrl,
      graphUrl: emu.graphUrl,
      reportingUrl: emu.reportingUrl,
      caFile: emu.caCertFile,
      maxRetries: 0,
      ...overrides,
    } as Partial<RawConfigInput>,
  });
  return createDeps(config, { log: () => {} });
}
