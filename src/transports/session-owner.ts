// Who created a Streamable HTTP session, so another client cannot ride it by replaying the Mcp-Session-Id
// (mcp-notes.md 1.11: servers should bind sessions to the user). What the transport can tell apart: the
// peer address, the bearer credential, the browser Origin and the User-Agent. What it cannot: two local
// processes on a token-less loopback bind share 127.0.0.1 and can send the same headers, so there the
// unguessable session id (a random UUID) is the only thing that separates them; set a token, or run one
// client per server, when local processes must not trust each other.
import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";

function header(req: IncomingMessage, name: string): string {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(",") : (value ?? "");
}

/** A digest of what identifies the client of a request (never stored or logged in the clear). */
export function sessionOwnerOf(req: IncomingMessage): string {
  const parts = [
    req.socket.remoteAddress ?? "",
    header(req, "authorization"),
    header(req, "origin"),
    header(req, "user-agent"),
  ];
  return createHash("sha256").update(JSON.stringify(parts)).digest("base64url");
}
