// Credential settings: exactly one of secret / certificate, files read here, refresh-token prerequisites.
// Problem lines name the setting, never its value.
import { existsSync } from "node:fs";
import type { z } from "zod";
import type { credentialsSchema, RawConfig } from "./schema.js";
import { readSettingFile } from "./sources.js";
import type { AuthMode } from "./types.js";

export type Credentials = z.output<typeof credentialsSchema>;

export function readCredentials(raw: RawConfig, authMode: AuthMode, problems: string[]): Credentials {
  const out: Credentials = {};
  if (raw.clientSecret && raw.clientSecretFile) {
    problems.push("set either O365_CLIENT_SECRET or O365_CLIENT_SECRET_FILE, not both");
  }
  if (raw.clientSecret) out.clientSecret = raw.clientSecret;
  else if (raw.clientSecretFile) {
    const { text, problem } = readSettingFile(
      raw.clientSecretFile,
      "client secret file (O365_CLIENT_SECRET_FILE)",
    );
    if (problem) problems.push(problem);
    else if (!text?.trim()) problems.push("client secret file (O365_CLIENT_SECRET_FILE) is empty");
    else out.clientSecret = text.trim();
  }

  if (raw.clientCertFile) {
    const what = "client certificate file (O365_CLIENT_CERT_FILE)";
    const { text = "", problem } = readSettingFile(raw.clientCertFile, what);
    if (problem) problems.push(problem);
    else {
      if (!text.includes("-----BEGIN CERTIFICATE-----")) problems.push(`${what} holds no PEM certificate`);
      if (!/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(text)) problems.push(`${what} holds no PEM private key`);
      const encrypted = text.includes("ENCRYPTED PRIVATE KEY") || text.includes("Proc-Type: 4,ENCRYPTED");
      if (encrypted && !raw.clientCertPassword) {
        problems.push(`${what} has an encrypted private key: set O365_CLIENT_CERT_PASSWORD`);
      }
      out.clientCertPem = text;
    }
  } else if (raw.clientCertPassword) {
    problems.push("O365_CLIENT_CERT_PASSWORD is set but O365_CLIENT_CERT_FILE is not");
  }
  if (raw.clientCertPassword) out.clientCertPassword = raw.clientCertPassword;

  const hasSecret = Boolean(raw.clientSecret || raw.clientSecretFile);
  if (hasSecret && raw.clientCertFile) {
    problems.push("set either a client secret or a client certificate (O365_CLIENT_CERT_FILE), not both");
  }
  if (!hasSecret && !raw.clientCertFile) {
    problems.push(
      "no credential: set O365_CLIENT_SECRET, O365_CLIENT_SECRET_FILE or O365_CLIENT_CERT_FILE (the app is a confidential client in both auth modes)",
    );
  }

  if (authMode === "refresh_token") {
    if (raw.refreshToken) out.refreshToken = raw.refreshToken;
    else if (!raw.tokenCache) {
      problems.push(
        "auth mode refresh_token needs O365_REFRESH_TOKEN or an O365_TOKEN_CACHE file that holds one",
      );
    } else if (!existsSync(raw.tokenCache)) {
      problems.push(
        "auth mode refresh_token: O365_TOKEN_CACHE file does not exist yet and O365_REFRESH_TOKEN is not set",
      );
    }
  } else if (raw.refreshToken) {
    problems.push("O365_REFRESH_TOKEN is set but O365_AUTH_MODE is not refresh_token");
  }
  return out;
}
