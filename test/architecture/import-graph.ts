// Reads the import graph of the TypeScript sources: every static import, `export ... from` and literal
// dynamic import(), with relative specifiers resolved to repository paths. TypeScript's own pre-processor
// does the reading, so comments and strings that look like imports are not mistaken for them.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, posix, relative } from "node:path";
import ts from "typescript";

export interface ImportEdge {
  /** Importing file, repository-relative with forward slashes (src/http/client.ts). */
  from: string;
  /** Imported file, resolved the same way (a .js specifier names its .ts source). */
  to: string;
}

/** Every .ts file under `dirs` (repository-relative), sorted. */
export function sourceFiles(root: string, dirs: readonly string[]): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = posix.join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) files.push(path);
    }
  };
  for (const dir of dirs) walk(dir);
  return files.sort();
}

/** The relative import specifiers of one file's text (packages and node: builtins are not edges). */
export function relativeSpecifiers(text: string): string[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((f) => f.fileName).filter((name) => name.startsWith("."));
}

/** "./errors.js" imported by src/http/client.ts -> src/http/errors.ts */
export function resolveSpecifier(from: string, specifier: string): string {
  const joined = posix.normalize(posix.join(posix.dirname(from), specifier));
  return joined.replace(/\.js$/, ".ts");
}

export function importEdges(root: string, dirs: readonly string[]): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const from of sourceFiles(root, dirs)) {
    const text = readFileSync(join(root, from), "utf8");
    for (const specifier of relativeSpecifiers(text))
      edges.push({ from, to: resolveSpecifier(from, specifier) });
  }
  return edges;
}

/** The repository root, two levels above this file (test/architecture/). */
export function repositoryRoot(): string {
  const here = dirname(new URL(import.meta.url).pathname);
  return relative(process.cwd(), join(here, "..", "..")) || ".";
}
