// Reads raw setting values from the three sources: CLI flags, environment, --config JSON file.
// Values stay untyped here; load.ts coerces and validates them. Problem lines never quote values.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { CONFIG_FILE_ENV, CONFIG_FILE_FLAG, SETTINGS, type Setting } from "./settings.js";

export type RawValues = Record<string, unknown>;

export function readFlags(argv: string[]): { values: RawValues; configFile?: string; problems: string[] } {
  const options: Record<string, { type: "string" | "boolean"; multiple?: boolean }> = {
    [CONFIG_FILE_FLAG]: { type: "string" },
    help: { type: "boolean" },
  };
  const byFlag = new Map<string, Setting>();
  const byOffFlag = new Map<string, Setting>();
  for (const s of SETTINGS) {
    if (s.offFlag) {
      byOffFlag.set(s.offFlag, s);
      options[s.offFlag] = { type: "boolean" };
    }
    if (!s.flag) continue;
    byFlag.set(s.flag, s);
    options[s.flag] = { type: s.kind === "boolean" ? "boolean" : "string", multiple: s.kind === "list" };
  }
  const { tokens } = parseArgs({ args: argv, options, strict: false, tokens: true, allowPositionals: true });
  const values: RawValues = {};
  const problems: string[] = [];
  let configFile: string | undefined;
  let skipValue = false;
  for (const t of tokens) {
    if (t.kind === "positional") {
      // The value of a refused secret flag: already reported, and never quoted.
      if (skipValue) {
        skipValue = false;
        continue;
      }
      problems.push(`unexpected argument at position ${t.index + 1} (flags start with --; see --help)`);
      continue;
    }
    if (t.kind !== "option") continue;
    if (t.name === "help") continue;
    const spec = options[t.name];
    if (!spec) {
      const secretProblem = secretFlagProblem(t.name);
      problems.push(secretProblem ?? `unknown flag ${t.rawName} (see --help)`);
      skipValue = secretProblem !== undefined && t.inlineValue !== true;
      continue;
    }
    skipValue = false;
    if (spec.type === "string" && (t.value === undefined || (!t.inlineValue && t.value.startsWith("--")))) {
      problems.push(`${t.rawName} needs a value`);
      continue;
    }
    if (t.name === CONFIG_FILE_FLAG) configFile = t.value;
    else if (byOffFlag.has(t.name)) values[byOffFlag.get(t.name)!.key] = false;
    else {
      const setting = byFlag.get(t.name)!;
      if (setting.kind === "list") {
        const list = (values[setting.key] as string[] | undefined) ?? [];
        values[setting.key] = [...list, t.value as string];
      } else values[setting.key] = t.value ?? true;
    }
  }
  return { values, configFile, problems };
}

/** A secret passed as a flag (--http-token, --client-secret): say where it goes instead, never echo it. */
function secretFlagProblem(flag: string): string | undefined {
  const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  const secret = SETTINGS.find((s) => s.secret && kebab(s.key) === flag);
  if (!secret) return undefined;
  const file = SETTINGS.find((s) => s.key === `${secret.key}File`);
  const where = [secret.env[0], file?.env[0]].filter(Boolean).join(" or ");
  return `--${flag} is not accepted: a command line is visible to every local user (ps, /proc); set ${where} instead`;
}

export function readEnv(env: Record<string, string | undefined>): { values: RawValues; configFile?: string } {
  const values: RawValues = {};
  for (const s of SETTINGS) {
    for (const name of s.env) {
      const v = env[name];
      if (v !== undefined && v.trim() !== "") {
        values[s.key] = v;
        break;
      }
    }
  }
  const configFile = env[CONFIG_FILE_ENV]?.trim() || undefined;
  return { values, configFile };
}

export function readConfigFile(path: string): { values: RawValues; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    return { values: {}, problems: [`config file ${path} cannot be read (${errnoOf(e)})`] };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { values: {}, problems: [`config file ${path} is not valid JSON`] };
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    return { values: {}, problems: [`config file ${path} must hold a JSON object`] };
  }
  const known = new Set(SETTINGS.map((s) => s.key));
  const problems: string[] = [];
  const values: RawValues = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (!known.has(key)) problems.push(`config file ${path}: unknown key "${key}"`);
    else if (value !== null) values[key] = value;
  }
  return { values, problems };
}

/** Reads a file named by a setting; returns the problem line instead of throwing. */
export function readSettingFile(path: string, what: string): { text?: string; problem?: string } {
  try {
    return { text: readFileSync(path, "utf8") };
  } catch (e) {
    return { problem: `${what} ${path} cannot be read (${errnoOf(e)})` };
  }
}

function errnoOf(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code ?? "read error";
}
