#!/usr/bin/env node
// Entry of the office365-mcp command (the commands live in command-line.ts). Kept tiny so Node's compile
// cache (Node >= 22.1; absent on Node 20, hence the feature test) is on before the rest is loaded: later
// starts then skip parsing and compiling the SDK, zod and our modules.
import module from "node:module";

(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();
const { runCommandLine } = await import("./command-line.js");
await runCommandLine(process.argv.slice(2));
