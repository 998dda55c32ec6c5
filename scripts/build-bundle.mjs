// `npm run build:bundle`: the published entry point as an esbuild bundle in dist/bin/ (package.json `bin`).
// One file per lazily imported part (code splitting): the stdio start-up reads ~18 files instead of ~230
// modules (our ~110, zod's ~100, the SDK's), and what `initialize` never needs (the HTTP transport, the MCP
// client of `call`, the emulator) stays in chunks that load only when their command runs. Whitespace and
// comments stripped: V8 scans every byte of a loaded file at start-up, and zod alone is 750 kB as shipped.
// Dependencies that load lazily anyway (msal-node, undici, selfsigned, the MCP client of `call`, the HTTP
// transport) stay external: installed with the package, resolved from node_modules. Chunks sit next to
// cli.js, so package-info.ts finds package.json two levels up, as from dist/src/.
import { rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

export const EXTERNAL = [
  "@azure/msal-node",
  "undici",
  "selfsigned",
  // off the stdio start-up: the client of `call` and the HTTP transport
  "@modelcontextprotocol/client",
  "@modelcontextprotocol/node",
];

/**
 * zod's `locales` namespace holds its 60-odd translations of the error messages (~300 kB in the bundle, to be
 * parsed at every start). Nothing here selects one (zod configures English itself, from locales/en.js), so
 * the namespace keeps `en` only.
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(b) {
    const zodV4 = join(root, "node_modules", "zod", "v4");
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.startsWith(zodV4) ? { path: "locales", namespace: "zod-english-only" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-english-only" }, () => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: join(zodV4, "locales"),
    }));
  },
};

/** Bundles src/cli.ts into `outdir` (emptied first); returns esbuild's metafile (inputs of every output). */
export async function buildBundle(outdir = join(root, "dist", "bin")) {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: { cli: "src/cli.ts" },
    outdir,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20.18",
    external: EXTERNAL,
    plugins: [zodEnglishOnly],
    // Bundled CommonJS (e.g. the SDK's JSON Schema validator) calls require(): ESM output has none.
    banner: {
      js: 'import { createRequire as __o365CreateRequire } from "node:module"; const require = __o365CreateRequire(import.meta.url);',
    },
    chunkNames: "[name]-[hash]",
    // Whitespace and syntax minified, identifiers not: stack traces and error classes read as in the
    // sources without keepNames, whose __name() wrapper runs for every function and class at start-up and
    // for every closure each time its outer function runs (zod builds each schema from closures): ~5% of
    // the CPU before the `initialize` answer. Esbuild renames only where bundled names collide (init2).
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: "none",
    logLevel: "warning",
    metafile: true,
  });
  return result.metafile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const metafile = await buildBundle();
  const outputs = Object.values(metafile.outputs);
  const bytes = outputs.reduce((n, o) => n + o.bytes, 0);
  process.stderr.write(`bundle: dist/bin, ${outputs.length} files, ${(bytes / 1e6).toFixed(2)} MB\n`);
}
