// `npm run demo`: build only when dist/ is older than the sources, then run the server on the emulated
// tenant in this process (stdout stays the protocol's: build output goes to stderr).
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { staleReason } from "./build-freshness.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const why = staleReason(root);
if (why) {
  process.stderr.write(`office365-mcp demo: building dist/ first (${why}) ...\n`);
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const built = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], {
    cwd: root,
    stdio: ["ignore", 2, 2],
  });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const cli = join("dist", "src", "cli.js");
// As if started as `node dist/src/cli.js --demo ...`, so the server's hints show a command that works here.
process.argv = [process.argv[0], cli, "--demo", ...process.argv.slice(2)];
await import(pathToFileURL(join(root, cli)).href);
