// The one place tests build a configuration pointing at a running emulator: as a Config (in-process tests),
// as ServerDeps (client-level tests) or as environment variables (tests that spawn the CLI). Endpoints come
// from the same emulatorOverrides the CLI's --demo uses, so tests and --demo cannot drift apart.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emulatorOverrides } from "../../src/config/emulator-overrides.js";
import { loadConfig, type RawConfigInput } from "../../src/config/load.js";
import { SETTING_ROWS } from "../../src/config/settings.js";
import type { Config } from "../../src/config/types.js";
import type { ServerDeps } from "../../src/deps.js";
import type { EmulatorHandle } from "../../src/emulator/types.js";
import { createDeps } from "../../src/wiring.js";

/** Which app registration of the emulator tenant signs in. */
export type EmulatorCredential =
  | "secret"
  | "cert"
  | "refresh"
  | "no-role"
  | "no-dlp"
  | "no-audit-query"
  | "auditlog-read-only";

export interface EmulatorConfigOptions {
  /** Default "secret": the tenant's main app with its client secret. */
  auth?: EmulatorCredential;
  /** Settings applied last, over the emulator endpoints and the credential. */
  overrides?: Partial<RawConfigInput>;
  /** Command-line flags, for settings a test wants to pass the way a user would. */
  argv?: string[];
  env?: Record<string, string | undefined>;
}

function credential(emu: EmulatorHandle, auth: EmulatorCredential): Partial<RawConfigInput> {
  switch (auth) {
    case "cert": {
      const dir = mkdtempSync(join(tmpdir(), "o365-emulator-config-"));
      const certFile = join(dir, "client.pem");
      writeFileSync(certFile, emu.certPem, { mode: 0o600 });
      return { clientId: emu.certClientId, clientCertFile: certFile };
    }
    case "refresh":
      return {
        clientId: emu.clientId,
        clientSecret: emu.clientSecret,
        authMode: "refresh_token",
        refreshToken: emu.refreshToken,
      };
    case "no-role":
      return { clientId: emu.noRoleClientId, clientSecret: emu.noRoleClientSecret };
    case "no-dlp":
      return { clientId: emu.noDlpClientId, clientSecret: emu.noDlpClientSecret };
    case "no-audit-query":
      return { clientId: emu.noAuditQueryClientId, clientSecret: emu.noAuditQueryClientSecret };
    case "auditlog-read-only":
      return { clientId: emu.auditLogReadOnlyClientId, clientSecret: emu.auditLogReadOnlyClientSecret };
    case "secret":
      return { clientId: emu.clientId, clientSecret: emu.clientSecret };
  }
}

/** The emulator's endpoints and CA without any credential. */
function endpoints(emu: EmulatorHandle): Partial<RawConfigInput> {
  const { clientId: _id, clientSecret: _secret, ...rest } = emulatorOverrides(emu);
  return rest;
}

export function emulatorConfig(emu: EmulatorHandle, opts: EmulatorConfigOptions = {}): Config {
  return loadConfig({
    argv: opts.argv ?? [],
    env: opts.env ?? {},
    overrides: { ...endpoints(emu), ...credential(emu, opts.auth ?? "secret"), ...opts.overrides },
  });
}

/** The real token provider, HttpClient and API clients against the emulator; no retries unless asked for. */
export function emulatorDeps(emu: EmulatorHandle, opts: EmulatorConfigOptions = {}): Promise<ServerDeps> {
  const config = emulatorConfig(emu, { ...opts, overrides: { maxRetries: 0, ...opts.overrides } });
  return createDeps(config, { log: () => {} });
}

/** The same endpoints and client secret as environment variables, for a spawned CLI. */
export function emulatorEnv(emu: EmulatorHandle): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(emulatorOverrides(emu))) {
    const name = SETTING_ROWS[key as keyof typeof SETTING_ROWS].env[0];
    if (name && typeof value === "string") env[name] = value;
  }
  return env;
}
