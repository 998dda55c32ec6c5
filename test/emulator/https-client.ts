// Hand-written HTTPS requests against the emulator with undici, trusting only the emulator CA (never the
// product's client code, so a shared misunderstanding cannot hide).
import { Agent, request } from "undici";
import type { EmulatorHandle } from "../../src/emulator/types.js";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: unknown;
}

export function trustingAgent(emu: EmulatorHandle): Agent {
  return new Agent({ connect: { ca: emu.caCertPem } });
}

export async function send(
  agent: Agent,
  url: string,
  init: { method?: "GET" | "POST" | "DELETE"; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const res = await request(url, {
    dispatcher: agent,
    method: init.method ?? "GET",
    headers: init.headers,
    body: init.body,
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

export function form(values: Record<string, string>): { headers: Record<string, string>; body: string } {
  return {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(values).toString(),
  };
}

/** A client-credentials token for the default app and one service origin. */
export async function appToken(
  agent: Agent,
  emu: EmulatorHandle,
  origin: string,
  clientId = emu.clientId,
  secret = emu.clientSecret,
): Promise<string> {
  const res = await send(agent, emu.tokenUrl, {
    method: "POST",
    ...form({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: secret,
      scope: `${origin}/.default`,
    }),
  });
  if (res.status !== 200) throw new Error(`token request failed: ${res.status} ${res.text}`);
  return (res.json as { access_token: string }).access_token;
}

export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split(".")[1], "base64url").toString("utf8")) as Record<string, unknown>;
}
