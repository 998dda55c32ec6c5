// Decodes the Data field of a message trace detail event: (URI-escaped) XML like
// <root><MEP Name="ServerHostName" String="AM0PR01MB1234"/><MEP Name="SCL" Integer="5"/></root>
// into key/values (o365-api.md 2.5). Malformed data yields what could be read, never an exception.

const MEP = /<MEP\b([^>]*?)\/?>/gi;
const ATTR = /([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const MAX_ENTRIES = 200;

export function decodeDetailData(raw: string | null | undefined): Record<string, string> | undefined {
  if (raw === null || raw === undefined || raw.trim() === "") return undefined;
  const xml = unescapeUri(raw.trim());
  const data: Record<string, string> = {};
  let count = 0;
  for (const mep of xml.matchAll(MEP)) {
    if (++count > MAX_ENTRIES) break;
    let name: string | undefined;
    let value: string | undefined;
    for (const attr of mep[1].matchAll(ATTR)) {
      const text = decodeEntities(attr[2] ?? attr[3] ?? "");
      if (attr[1] === "Name") name = text;
      else if (value === undefined) value = text;
    }
    if (name === undefined || name === "__proto__") continue;
    const v = value ?? "";
    data[name] = Object.hasOwn(data, name) ? `${data[name]}; ${v}` : v;
  }
  return Object.keys(data).length > 0 ? data : undefined;
}

/** The legacy service URI-escapes the XML (%3Croot%3E...); Graph sends it plain. */
function unescapeUri(text: string): string {
  if (text.startsWith("<") || !/%3C/i.test(text)) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (whole, ent: string) => {
    const e = ent.toLowerCase();
    if (e === "amp") return "&";
    if (e === "lt") return "<";
    if (e === "gt") return ">";
    if (e === "quot") return '"';
    if (e === "apos") return "'";
    const code = e.startsWith("#x") ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
