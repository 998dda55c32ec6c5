// Stateful Streamable HTTP sessions (mcp-notes.md 1.11): one McpServer per Mcp-Session-Id, bounded in number
// and expired when idle. When full, the idlest session that has no request in flight is evicted: clients
// rarely send DELETE, so abandoned sessions would otherwise lock out the client the user is running now.

import type { NodeStreamableHTTPServerTransport } from "@modelcontextprotocol/node";

export interface McpSession {
  id: string;
  transport: NodeStreamableHTTPServerTransport;
  /** Closes the transport and the session's McpServer; safe to call twice. */
  close(): Promise<void>;
  lastActiveMs: number;
  /** POST/DELETE requests being handled; a busy session is never expired or evicted. */
  inFlight: number;
  /** sessionOwnerOf() of the request that created it: other clients are told the session does not exist. */
  owner: string;
}

export interface SessionStoreOptions {
  maxSessions: number;
  idleMs: number;
  nowMs?: () => number;
  log?: (line: string) => void;
}

export class SessionStore {
  private readonly sessions = new Map<string, McpSession>();
  /** Sessions whose initialize is being handled: they hold a slot before they have an id. */
  private pending = 0;
  private readonly nowMs: () => number;

  constructor(private readonly opts: SessionStoreOptions) {
    this.nowMs = opts.nowMs ?? Date.now;
  }

  get(id: string): McpSession | undefined {
    return this.sessions.get(id);
  }

  /** Reserves a slot for a new session, evicting if needed; false when every session is busy. */
  async reserve(): Promise<boolean> {
    await this.expireIdle();
    while (this.sessions.size + this.pending >= this.opts.maxSessions) {
      const victim = this.idlest();
      if (!victim) return false;
      this.opts.log?.(`http: session limit (${this.opts.maxSessions}) reached, closing the idlest session`);
      await this.end(victim.id);
    }
    this.pending++;
    return true;
  }

  /** Gives back a reserved slot; `session` (when the initialize succeeded) takes it over. */
  release(session?: McpSession): void {
    this.pending = Math.max(0, this.pending - 1);
    if (session) this.sessions.set(session.id, session);
  }

  /** Runs one request against a session, keeping it alive while it runs. */
  async track<T>(session: McpSession, run: () => Promise<T>): Promise<T> {
    session.inFlight++;
    session.lastActiveMs = this.nowMs();
    try {
      return await run();
    } finally {
      session.inFlight--;
      session.lastActiveMs = this.nowMs();
    }
  }

  /** Forgets a session whose transport closed by itself (DELETE, client gone). */
  forget(id: string): void {
    this.sessions.delete(id);
  }

  async end(id: string): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    await session.close();
  }

  async expireIdle(): Promise<void> {
    const cutoff = this.nowMs() - this.opts.idleMs;
    const idle = [...this.sessions.values()].filter((s) => s.inFlight === 0 && s.lastActiveMs <= cutoff);
    for (const s of idle) {
      this.opts.log?.("http: closing a session idle for too long");
      await this.end(s.id);
    }
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.end(id)));
  }

  private idlest(): McpSession | undefined {
    let best: McpSession | undefined;
    for (const s of this.sessions.values()) {
      if (s.inFlight === 0 && (!best || s.lastActiveMs < best.lastActiveMs)) best = s;
    }
    return best;
  }
}
