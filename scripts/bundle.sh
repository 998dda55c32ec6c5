#!/usr/bin/env bash
# npm run bundle: builds the Claude Desktop bundle dist-bundle/office365-mcp.mcpb (manifest.json, README
# "Claude Desktop bundle"). The bundle holds the esbuild bundle the npm package publishes (dist/bin,
# scripts/build-bundle.mjs: fewer files to read and parse at each start than the tsc build) and the
# production dependencies its chunks leave external, staged in a directory of its own so dev dependencies
# and compiled tests never reach the archive.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT_DIR="dist-bundle"
STAGE="$OUT_DIR/stage"
OUT="$OUT_DIR/office365-mcp.mcpb"

npm run build:bundle --silent
rm -rf "$STAGE" "$OUT"
mkdir -p "$STAGE/dist"
cp manifest.json package.json package-lock.json README.md bundle/.mcpbignore "$STAGE/"
[ -f LICENSE ] && cp LICENSE "$STAGE/"
mkdir -p "$STAGE/bundle" && cp -R bundle/server "$STAGE/bundle/server"
# dist/bin/ beside package.json two levels up, as in the npm package (package-info.ts reads it there).
cp -R dist/bin "$STAGE/dist/bin"

# --ignore-scripts: the package's own prepare/prepack build must not run in the staging copy.
(cd "$STAGE" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)
node_modules/.bin/mcpb validate "$STAGE/manifest.json"
node_modules/.bin/mcpb pack "$STAGE" "$OUT"
echo "== bundle: $OUT ($(wc -c <"$OUT") bytes)"
