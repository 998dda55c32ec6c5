// Settings that point every endpoint at a running emulator (--demo and tests). Structural input type so the
// config layer does not import the emulator.
import type { RawConfigInput } from "./schema.js";

export interface EmulatorEndpoints {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
  managementUrl: string;
  graphUrl: string;
  reportingUrl: string;
  caCertFile: string;
}

export function emulatorOverrides(emulator: EmulatorEndpoints): Partial<RawConfigInput> {
  return {
    cloud: "custom",
    tenantId: emulator.tenantId,
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    tokenUrl: emulator.tokenUrl,
    managementUrl: emulator.managementUrl,
    graphUrl: emulator.graphUrl,
    reportingUrl: emulator.reportingUrl,
    caFile: emulator.caCertFile,
  };
}
