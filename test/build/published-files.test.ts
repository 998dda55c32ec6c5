// What `npm publish` would ship, read from `npm pack --dry-run` over the dist/ that `npm test` just built
// (tests, benchmarks and scripts included), so a new folder or a source map cannot slip into the package.
// test/package/installed.test.ts packs a fresh build for real, installs it and runs it.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PUBLISHED = /^(dist\/(src|tools|prompts)\/.+\.js|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;

function packedFiles(): string[] {
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const out = execFileSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  const [pack] = JSON.parse(out) as { files: { path: string }[] }[];
  return pack.files.map((f) => f.path);
}

describe.skipIf(!existsSync(`${ROOT}/dist/src/cli.js`))("the published package", () => {
  it("holds only the compiled server (dist/src, dist/tools, dist/prompts), no maps, tests or benchmarks", () => {
    const files = packedFiles();
    expect(files).toEqual(
      expect.arrayContaining(["dist/src/cli.js", "README.md", "LICENSE", "CHANGELOG.md"]),
    );
    expect(files.filter((f) => !PUBLISHED.test(f))).toEqual([]);
  });
});
