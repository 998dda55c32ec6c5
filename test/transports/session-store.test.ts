import { describe, expect, it } from "vitest";
import { type McpSession, SessionStore } from "../../src/transports/session-store.js";

function session(id: string, inFlight: number, closed: string[]): McpSession {
  return {
    id,
    transport: {} as McpSession["transport"],
    close: async () => {
      closed.push(id);
    },
    lastActiveMs: 0,
    inFlight,
    owner: "owner",
  };
}

describe("SessionStore", () => {
  it("refuses a new session when every session is busy, and evicts an idle one once it is not", async () => {
    const closed: string[] = [];
    const store = new SessionStore({ maxSessions: 1, idleMs: 60_000, nowMs: () => 1_000 });
    expect(await store.reserve()).toBe(true);
    const busy = session("a", 1, closed);
    store.release(busy);
    expect(await store.reserve()).toBe(false);
    expect(closed).toEqual([]);
    busy.inFlight = 0;
    expect(await store.reserve()).toBe(true);
    expect(closed).toEqual(["a"]);
    expect(store.get("a")).toBeUndefined();
  });

  it("counts a reserved slot whose initialize is still running", async () => {
    const store = new SessionStore({ maxSessions: 1, idleMs: 60_000 });
    expect(await store.reserve()).toBe(true);
    expect(await store.reserve()).toBe(false);
    store.release();
    expect(await store.reserve()).toBe(true);
  });
});
