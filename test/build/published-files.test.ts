// What `npm publish` would ship, read from `npm pack --dry-run` over the dist/ that `npm test` just built
// (tests, benchmarks and scripts included, and the bundle in dist/bin), so a new folder, a source map or the
// unbundled build cannot slip into the package.
// test/package/installed.test.ts packs a fresh build for real, installs it and runs it.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const PUBLISHED = /^(dist\/bin\/[\w-]+\.js|package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;

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

describe.skipIf(!existsSync(`${ROOT}/dist/bin/cli.js`))("the published package", () => {
  it("holds only the bundled server (dist/bin), no maps, tests, benchmarks or unbundled build", () => {
    const files = packedFiles();
    expect(files).toEqual(
      expect.arrayContaining(["dist/bin/cli.js", "README.md", "LICENSE", "CHANGELOG.md"]),
    );
    expect(files.filter((f) => !PUBLISHED.test(f))).toEqual([]);
  });
});
