// `npm run docs`: regenerates the tool and configuration tables in README.md (run from the package root).
import { readFileSync, writeFileSync } from "node:fs";
import { renderReadme } from "./readme-tables.js";

const path = "README.md";
const before = readFileSync(path, "utf8");
const after = renderReadme(before);
if (after === before) process.stdout.write(`${path} is up to date\n`);
else {
  writeFileSync(path, after);
  process.stdout.write(`${path}: tool and configuration tables regenerated\n`);
}
