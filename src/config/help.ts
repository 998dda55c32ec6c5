// The --help block for the settings, written from the rows in settings.ts.
import { CONFIG_FILE_ENV, SETTINGS, type Setting } from "./settings.js";

/** The flags that set the setting, with a value placeholder, e.g. "--port N"; empty for env-only ones. */
export function flagsOf(s: Setting): string[] {
  const value = s.kind === "boolean" ? "" : s.kind === "number" ? " N" : " VALUE";
  const flags = s.flag ? [`--${s.flag}${value}`] : [];
  if (s.offFlag) flags.push(`--${s.offFlag}`);
  return flags;
}

/** The default as a user writes it ("30000", "false", "none"), or undefined when the setting has none. */
export function defaultOf(s: Setting): string | undefined {
  if (s.defaultNote) return s.defaultNote;
  if (s.default === undefined) return undefined;
  if (Array.isArray(s.default)) return s.default.length > 0 ? s.default.join(",") : "none";
  return String(s.default);
}

/** The --help text block listing every flag and environment variable. */
export function configHelp(): string {
  const lines = ["Options (flag | environment | meaning):"];
  lines.push(`  --config FILE | ${CONFIG_FILE_ENV} | JSON file with the camelCase keys below`);
  for (const s of SETTINGS) {
    const flags = flagsOf(s);
    const flag = flags.length > 0 ? flags.join(", ") : "(env only)";
    const env = s.env.length > 0 ? s.env.join(", ") : "(flag only)";
    const fallback = defaultOf(s);
    const help = fallback === undefined ? s.help : `${s.help} (default: ${fallback})`;
    lines.push(`  ${flag} | ${env} | ${help} [config key: ${s.key}]`);
  }
  lines.push("  --help | | this text");
  return lines.join("\n");
}
