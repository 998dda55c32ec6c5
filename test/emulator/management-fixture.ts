// A started emulator with a movable clock, a trusting agent and management helpers for the conformance tests.
import type { Agent } from "undici";
import { startEmulator } from "../../src/emulator/index.js";
import type { EmulatorHandle, EmulatorOptions } from "../../src/emulator/types.js";
import { appToken, type RawResponse, send, trustingAgent } from "./https-client.js";

export interface ManagementFixture {
  emu: EmulatorHandle;
  agent: Agent;
  clock: { ms: number };
  /** The clock at start: the end of the generated history. */
  startMs: number;
  root: string;
  token: string;
  get(pathAndQuery: string, headers?: Record<string, string>): Promise<RawResponse>;
  post(pathAndQuery: string, body?: string, headers?: Record<string, string>): Promise<RawResponse>;
  close(): Promise<void>;
}

export async function managementFixture(options: EmulatorOptions = {}): Promise<ManagementFixture> {
  const clock = { ms: Date.now() };
  const emu = await startEmulator({ quiet: true, now: () => new Date(clock.ms), ...options });
  const agent = trustingAgent(emu);
  const token = await appToken(agent, emu, emu.managementUrl);
  const root = `${emu.managementUrl}/api/v1.0/${emu.tenantId}/activity/feed`;
  let issuedAt = clock.ms;
  // Tests move the clock by hours, both ways: fetch a new token before the old one would expire, and when
  // the clock went back past its issue time (the emulator refuses a token more than 5 minutes before nbf).
  const auth = async () => {
    if (clock.ms < issuedAt || clock.ms - issuedAt > 30 * 60_000) {
      fixture.token = await appToken(agent, emu, emu.managementUrl);
      issuedAt = clock.ms;
    }
    return { authorization: `Bearer ${fixture.token}` };
  };
  const fixture: ManagementFixture = {
    emu,
    agent,
    clock,
    startMs: clock.ms,
    root,
    token,
    get: async (p, headers = {}) =>
      send(agent, p.startsWith("https://") ? p : `${root}/${p}`, {
        headers: { ...(await auth()), ...headers },
      }),
    post: async (p, body, headers = {}) =>
      send(agent, `${root}/${p}`, {
        method: "POST",
        headers: {
          ...(await auth()),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
          ...headers,
        },
        body,
      }),
    async close() {
      await agent.close();
      await emu.close();
    },
  };
  return fixture;
}

export function afCode(res: RawResponse): string | undefined {
  return (res.json as { error?: { code?: string } } | undefined)?.error?.code;
}
