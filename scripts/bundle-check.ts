// npm run bundle:check [file.mcpb] (and .ci/run): unpacks the Claude Desktop bundle into a temporary
// directory, builds the server command from its manifest with mcpb's own substitution code (what the host
// runs) and checks that the server answers over stdio with the demo switch on. Bounded: exits 1 after 90 s.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, sep } from "node:path";
import { getMcpConfigForManifest, type McpbManifestAny, unpackExtension } from "@anthropic-ai/mcpb";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";

const TIMEOUT_MS = 90_000;

interface Launch {
  command: string;
  args: string[];
  env: Record<string, string>;
}

/** The environment of a host process, minus settings of ours that would leak into the bundle's server. */
function hostEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("O365_") && k !== "HTTPS_PROXY" && k !== "https_proxy") env[k] = v;
  }
  return env;
}

async function launchFor(manifest: McpbManifestAny, dir: string, userConfig: Record<string, boolean>) {
  const config = await getMcpConfigForManifest({
    manifest,
    extensionPath: dir,
    systemDirs: {},
    userConfig,
    pathSeparator: sep,
  });
  if (!config) throw new Error("mcpb produced no server command for this manifest (required field missing?)");
  return { command: config.command, args: config.args ?? [], env: config.env ?? {} };
}

/** A host that leaves unset fields as "${user_config.x}" instead of substituting the defaults. */
function literalLaunch(manifest: McpbManifestAny, dir: string): Launch {
  const { command, args = [], env = {} } = manifest.server.mcp_config;
  const fill = (s: string) =>
    s.replace(/\$\{(__dirname|user_config\.demo)\}/g, (_, name: string) =>
      name === "__dirname" ? dir : "true",
    );
  return {
    command,
    args: args.map(fill),
    env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, fill(v)])),
  };
}

async function check(name: string, launch: Launch): Promise<void> {
  // The host runs "node" from its own runtime; this Node stands in for it.
  const command = launch.command === "node" ? process.execPath : launch.command;
  const transport = new StdioClientTransport({
    command,
    args: launch.args,
    env: { ...hostEnv(), ...launch.env },
    stderr: "pipe",
  });
  let stderr = "";
  transport.stderr?.on("data", (c: Buffer) => {
    stderr += c.toString("utf8");
  });
  const client = new Client({ name: "bundle-check", version: "0" });
  try {
    await client.connect(transport);
    const server = client.getServerVersion();
    const { tools } = await client.listTools();
    const names = tools.map((t) => t.name);
    if (!names.includes("list_subscriptions"))
      throw new Error(`tools/list lacks list_subscriptions: ${names}`);
    // read_only defaults to on in the manifest, so the tools that change the tenant are hidden.
    if (names.includes("start_subscription")) throw new Error("read-only default is not applied");
    const result = await client.callTool({ name: "list_subscriptions", arguments: {} });
    if (result.isError) throw new Error(`list_subscriptions failed: ${JSON.stringify(result.content)}`);
    console.log(
      `-- ${name}: ${server?.name} ${server?.version}, ${names.length} tools, list_subscriptions ok`,
    );
  } catch (e) {
    console.error(`!! ${name} failed; server stderr:\n${stderr}`);
    throw e;
  } finally {
    await client.close();
  }
}

/** Nothing filled in: the server must name the missing settings, not trip over the empty ones. */
function checkUnconfigured(launch: Launch): void {
  const command = launch.command === "node" ? process.execPath : launch.command;
  const run = spawnSync(command, launch.args, {
    env: { ...hostEnv(), ...launch.env },
    input: "",
    encoding: "utf8",
    timeout: 30_000,
  });
  if (run.status === 0 || !/O365_TENANT_ID/.test(run.stderr)) {
    throw new Error(`unconfigured start: exit ${run.status}, stderr:\n${run.stderr}`);
  }
  console.log(`-- nothing configured: exit ${run.status}, names the missing tenant id`);
}

/** The bundle starts the esbuild bundle of the npm package (dist/bin), not the tsc build's ~230 modules. */
function checkShipsEsbuildBundle(dir: string): void {
  if (!existsSync(join(dir, "dist", "bin", "cli.js"))) throw new Error("the bundle lacks dist/bin/cli.js");
  const others = readdirSync(join(dir, "dist")).filter((d) => d !== "bin");
  if (others.length > 0) throw new Error(`the bundle ships dist/${others.join(", dist/")} beside dist/bin`);
  console.log("-- ships the esbuild bundle: dist/bin only");
}

async function main(): Promise<void> {
  const mcpb = resolve(process.argv[2] ?? "dist-bundle/office365-mcp.mcpb");
  const dir = mkdtempSync(join(tmpdir(), "o365-mcpb-"));
  try {
    if (!(await unpackExtension({ mcpbPath: mcpb, outputDir: dir, silent: true }))) {
      throw new Error(`mcpb unpack ${mcpb} failed`);
    }
    checkShipsEsbuildBundle(dir);
    const manifest = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as McpbManifestAny;
    await check("demo switch on (defaults substituted)", await launchFor(manifest, dir, { demo: true }));
    await check("demo switch on (unset fields left as placeholders)", literalLaunch(manifest, dir));
    checkUnconfigured(await launchFor(manifest, dir, {}));
    console.log(`== bundle check passed: ${mcpb}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

setTimeout(() => {
  console.error(`!! bundle check timed out after ${TIMEOUT_MS / 1000} s`);
  process.exit(1);
}, TIMEOUT_MS).unref();
main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`!! bundle check: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
