// The package's own name, version and description, read once from package.json: the one source for
// `--version`, the server's `initialize` answer and the registry metadata.
import { existsSync, readFileSync } from "node:fs";

export interface PackageInfo {
  name: string;
  version: string;
  description: string;
}

/** package.json sits one level up from src/ (tsx, vitest) or two from dist/src/ (built, installed). */
function readPackage(): PackageInfo {
  for (const rel of ["../package.json", "../../package.json"]) {
    const url = new URL(rel, import.meta.url);
    if (!existsSync(url)) continue;
    const pkg = JSON.parse(readFileSync(url, "utf8")) as Partial<PackageInfo>;
    if (pkg.name === "office365-mcp" && typeof pkg.version === "string") {
      return { name: pkg.name, version: pkg.version, description: pkg.description ?? "" };
    }
  }
  return { name: "office365-mcp", version: "0.0.0", description: "" };
}

export const packageInfo: PackageInfo = readPackage();
