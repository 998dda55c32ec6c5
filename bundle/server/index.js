// @ts-check
// Entry point of the Claude Desktop bundle (manifest.json). The host puts every user_config value into the
// environment, so this shim turns that environment into what the server reads: args cannot be conditional
// in a manifest, hence the demo switch arrives as O365_BUNDLE_DEMO and becomes --demo here.

// A host may leave "${user_config.x}" in place when a field has no value; the server would read it as one.
for (const [name, value] of Object.entries(process.env)) {
  if (name.startsWith("O365_") && /^\$\{user_config\.[^}]*\}$/.test(value ?? "")) delete process.env[name];
}
// The manifest's default is read-only on, the server's is off: an unset field keeps the manifest's promise.
process.env.O365_READ_ONLY ??= "true";

const demo = ["true", "1"].includes((process.env.O365_BUNDLE_DEMO ?? "").trim().toLowerCase());
delete process.env.O365_BUNDLE_DEMO;
if (demo) {
  // The emulated tenant brings its own tenant and credentials; a half-filled real one must not clash with it.
  for (const name of [
    "O365_TENANT_ID",
    "O365_CLIENT_ID",
    "O365_CLIENT_SECRET",
    "O365_CLIENT_CERT_FILE",
    "O365_CLIENT_CERT_PASSWORD",
    "O365_CLOUD",
  ]) {
    delete process.env[name];
  }
  if (!process.argv.includes("--demo")) process.argv.push("--demo");
}

// The esbuild bundle, as the npm package runs it (scripts/bundle.sh stages dist/bin).
await import("../../dist/bin/cli.js");
