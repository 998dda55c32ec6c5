// The edge where MCP text leaves the process: every JSON-RPC message the server sends (tool results, log
// notifications, resource contents, error messages) passes the one redaction function first
// (src/config/secret-redaction.ts). Everything else about the transport is untouched.
import type { JSONRPCMessage, Transport } from "@modelcontextprotocol/server";
import { type Redactor, redactValue } from "../config/secret-redaction.js";

export function redactingTransport<T extends Transport>(transport: T, redact: Redactor): T {
  const send: Transport["send"] = (message, options) =>
    transport.send(redactValue<JSONRPCMessage>(message, redact), options);
  // A Proxy rather than a wrapper object: the SDK sets onmessage/onclose/onerror on the transport and reads
  // getters such as sessionId, and the Streamable HTTP transport keeps private state on itself.
  return new Proxy(transport, {
    get(target, key) {
      if (key === "send") return send;
      const value = Reflect.get(target, key, target) as unknown;
      return typeof value === "function" ? value.bind(target) : value;
    },
    set(target, key, value) {
      return Reflect.set(target, key, value, target);
    },
  });
}
