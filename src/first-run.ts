// What a person sees who starts the server in a terminal: an MCP server on stdio waits silently for a
// client, which looks like a hang. These lines (stderr only: stdout is the protocol) say what it is,
// how to try it at once and how to stop it.
import { basename, isAbsolute, relative } from "node:path";

/** How the user started us: the installed bin name, or `node <path>` from a checkout. */
export function invokedAs(argv1: string | undefined): string {
  if (!argv1) return "office365-mcp";
  const base = basename(argv1);
  if (base === "office365-mcp" || base === "office365-mcp.cmd") return "office365-mcp";
  // From a checkout: the shortest path that works from here (cwd-relative when it is below cwd).
  const rel = isAbsolute(argv1) ? relative(process.cwd(), argv1) : argv1;
  return `node ${rel && !rel.startsWith("..") ? rel : argv1}`;
}

export interface FirstRunContext {
  command: string;
  demo: boolean;
}

export function terminalGuidance({ command, demo }: FirstRunContext): string[] {
  const flag = demo ? " --demo" : "";
  return [
    `${command}: this is an MCP server. It speaks JSON-RPC on stdin/stdout and is now waiting for an MCP client; typing here does nothing useful.`,
    "  Try it now without a client, one tool per command:",
    `    ${command} call list_subscriptions '{}'${flag}`,
    `    ${command} call search_audit_log '{"operations": ["New-InboxRule"]}'${flag}`,
    `    ${command} call message_trace '{"limit": 5}'${flag}`,
    "  Or connect a client (Claude Desktop, Claude Code, VS Code, Cursor): README, section 'Connecting a client'.",
    `    Quick look in a browser: npx @modelcontextprotocol/inspector ${command}${flag}`,
    "  Stop: Ctrl+C.",
  ];
}

/** Said after the missing-configuration errors when nothing at all is configured. */
export function noConfigurationHint(command: string): string {
  return `to try it without a tenant, run: ${command} --demo (an emulated tenant with a sample incident); for a real tenant see '${command} --help' and README, section 'Real-tenant setup'`;
}
