// The shape of one setting row (settings.ts holds the rows): enough to derive its flag, env vars, config
// file key, --help line, README row, default and zod parser (design.md section 3).
import type { z } from "zod";
import type { ValueType } from "./values.js";

export interface SettingRow<T extends ValueType = ValueType, D = unknown> {
  /** Environment variables, first set one wins. */
  env: string[];
  /** Long flag without the dashes. Secrets have none: command lines are visible to every local user. */
  flag?: string;
  /** A flag that turns a boolean setting off, e.g. no-verify-tls. */
  offFlag?: string;
  type: T;
  /** Applied when no source sets the setting; absent means "unset" reaches the code that reads it. */
  default?: D;
  /** The default in words, where code elsewhere decides it (e.g. "the tenant id"). */
  defaultNote?: string;
  secret?: boolean;
  help: string;
}

/** A row as the flag, env and help readers see it. */
export interface Setting extends SettingRow {
  /** camelCase key in a --config JSON file and in RawConfig. */
  key: string;
  kind: ValueType["kind"];
}

// Keeps each row's value type and its default's type (undefined when it has none): schema.ts turns them into
// the Config type, and a default of the wrong type fails to compile.
export function setting<T extends ValueType, D = undefined>(
  row: SettingRow<T, D> & { default?: z.output<T["schema"]> },
): SettingRow<T, D> & { default: D } {
  return row as SettingRow<T, D> & { default: D };
}
