// `npm run docs`: regenerates the tool and configuration tables in README.md and the MCP Registry's
// server.json (run from the package root).
import { readFileSync, writeFileSync } from "node:fs";
import { SETTINGS } from "../src/config/settings.js";
import { renderReadme } from "./readme-tables.js";
import { type PackageFields, renderServerJson, serverJsonText } from "./server-json.js";

function update(path: string, render: (before: string) => string, what: string): void {
  const before = readFileSync(path, "utf8");
  const after = render(before);
  if (after === before) process.stdout.write(`${path} is up to date\n`);
  else {
    writeFileSync(path, after);
    process.stdout.write(`${path}: ${what} regenerated\n`);
  }
}

update("README.md", renderReadme, "tool and configuration tables");

const pkg = JSON.parse(readFileSync("package.json", "utf8")) as PackageFields;
update(
  "server.json",
  // Rewritten only when the values differ, so Biome's formatting of an up-to-date file is kept.
  (before) => {
    const current = before === "" ? undefined : (JSON.parse(before) as unknown);
    const same = JSON.stringify(current) === JSON.stringify(renderServerJson(pkg, SETTINGS));
    return same ? before : serverJsonText(pkg, SETTINGS);
  },
  "registry metadata",
);
