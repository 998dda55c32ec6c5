// Shared by test/auth and test/http: a Config pointing at a running emulator.
import { emulatorOverrides } from "../../src/config/emulator-overrides.js";
import { loadConfig, type RawConfigInput } from "../../src/config/load.js";
import type { Config } from "../../src/config/types.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";

export function emulatorConfig(emu: EmulatorHandle, extra: Partial<RawConfigInput> = {}): Config {
  return loadConfig({ argv: [], env: {}, overrides: { ...emulatorOverrides(emu), ...extra } });
}
