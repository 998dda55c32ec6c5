// Is dist/ older than the sources it is built from? Plain JavaScript, so `npm run demo` can ask before
// anything is compiled (a fresh clone has no dist/ at all).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const SOURCE_DIRS = ["src", "tools", "prompts"];
const SOURCE_FILES = ["package.json", "tsconfig.json", "tsconfig.build.json"];
const BUILT = "dist/src/cli.js";

function newestIn(dir, root, best) {
  let entries;
  try {
    entries = readdirSync(join(root, dir), { withFileTypes: true });
  } catch {
    return best;
  }
  let newest = best;
  for (const e of entries) {
    const rel = join(dir, e.name);
    if (e.isDirectory()) newest = newestIn(rel, root, newest);
    else if (e.name.endsWith(".ts") || e.name.endsWith(".json")) {
      const mtime = statSync(join(root, rel)).mtimeMs;
      if (!newest || mtime > newest.mtime) newest = { file: rel, mtime };
    }
  }
  return newest;
}

/** Why dist/ must be rebuilt ("dist/src/cli.js is missing", "src/x.ts changed since the last build"), or undefined. */
export function staleReason(root) {
  let built;
  try {
    built = statSync(join(root, BUILT)).mtimeMs;
  } catch {
    return `${BUILT} is missing`;
  }
  let newest;
  for (const dir of SOURCE_DIRS) newest = newestIn(dir, root, newest);
  for (const file of SOURCE_FILES) {
    try {
      const mtime = statSync(join(root, file)).mtimeMs;
      if (!newest || mtime > newest.mtime) newest = { file, mtime };
    } catch {}
  }
  return newest && newest.mtime > built ? `${newest.file} changed since the last build` : undefined;
}
