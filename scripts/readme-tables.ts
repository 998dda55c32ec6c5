// The README's reference tables, written from the code they describe: the tool table from the tool
// definitions, the configuration table from the setting rows (design.md section 3). `npm run docs` writes
// them between marker comments; test/docs/readme.test.ts fails when README.md holds other text.
import { defaultOf } from "../src/config/help.js";
import { CONFIG_FILE_ENV, CONFIG_FILE_FLAG, SETTINGS, type Setting } from "../src/config/settings.js";
import { allTools } from "../tools/index.js";

/** The fields of a tool definition the table shows. */
export type ToolSummary = Pick<(typeof allTools)[number], "name" | "title" | "description" | "annotations">;

const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
const code = (text: string): string => `\`${text}\``;

/** The description's opening sentence: what the tool does (the rest says when to use it and its limits). */
export function summaryOf(description: string): string {
  const end = description.search(/\.(\s+(?=[A-Z])|\s*$)/);
  return end === -1 ? description.trim() : description.slice(0, end + 1);
}

export function renderToolTable(tools: readonly ToolSummary[]): string {
  const yesNo = (hint: boolean, loud = false): string => (hint ? (loud ? "**yes**" : "yes") : "no");
  const rows = tools.map((t) => {
    const a = t.annotations;
    return `| ${code(t.name)} | ${cell(t.title)} | ${cell(summaryOf(t.description))} | ${yesNo(a.readOnlyHint)} | ${yesNo(a.destructiveHint, true)} | ${yesNo(a.idempotentHint)} | ${yesNo(a.openWorldHint)} |`;
  });
  return [
    "| tool | title | what it does | readOnly | destructive | idempotent | openWorld |",
    "|---|---|---|---|---|---|---|",
    ...rows,
  ].join("\n");
}

function defaultCell(s: Setting): string {
  const text = defaultOf(s);
  if (text === undefined) return "";
  // A fixed default is a value to type; a note says in words where the default comes from.
  return s.defaultNote !== undefined || text === "none" ? cell(text) : code(text);
}

export function renderConfigTable(settings: readonly Setting[]): string {
  const rows = settings.map((s) => {
    const env = s.env.map(code).join(", ");
    const flags = [s.flag, s.offFlag].filter((f) => f !== undefined).map((f) => code(`--${f}`));
    return `| ${env} | ${flags.join(", ")} | ${code(s.key)} | ${cell(s.help)} | ${defaultCell(s)} |`;
  });
  return [
    "| env | flag | config file key | meaning | default |",
    "|---|---|---|---|---|",
    `| ${code(CONFIG_FILE_ENV)} | ${code(`--${CONFIG_FILE_FLAG} FILE`)} | | JSON file with the config file keys below | |`,
    ...rows,
  ].join("\n");
}

/** Replaces the text between `<!-- generated:NAME -->` and `<!-- /generated:NAME -->`. */
export function replaceGenerated(readme: string, name: string, body: string): string {
  const open = `<!-- generated:${name} -->`;
  const close = `<!-- /generated:${name} -->`;
  const start = readme.indexOf(open);
  const end = readme.indexOf(close);
  if (start === -1 || end < start) throw new Error(`README.md has no ${open} ... ${close} block`);
  return `${readme.slice(0, start + open.length)}\n${body}\n${readme.slice(end)}`;
}

/** README.md with both generated tables rendered from the current code. */
export function renderReadme(readme: string): string {
  const withTools = replaceGenerated(readme, "tools", renderToolTable(allTools));
  return replaceGenerated(withTools, "config", renderConfigTable(SETTINGS));
}
