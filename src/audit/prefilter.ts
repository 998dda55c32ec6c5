// Blob-level prefilter for cached blobs: a record can only match if the blob's JSON text contains, for
// every active filter, at least one of its values. When it does not, the blob is skipped without
// JSON.parse, which is most of the cost of a warm search. It may say "maybe" wrongly, never "no" wrongly:
// only printable ASCII values without quote or backslash are used (JSON.stringify never escapes them, and
// lower-casing ASCII does not depend on context); any other value disables its filter's test.
import { normalizeIp } from "./filter.js";
import type { AuditFilter } from "./types.js";

const SAFE = /^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/;

/** Returns a test over the lower-cased blob text, or undefined when no filter can be tested on text. */
export function compilePrefilter(filter: AuditFilter): ((lowerText: string) => boolean) | undefined {
  const groups: string[][] = [];
  const addGroup = (values: string[] | undefined, asJson = false) => {
    if (!values?.length) return;
    const needles = values.map((v) => v.trim().toLowerCase());
    // Needles we build as JSON (`"recordtype":15`) may hold quotes; user values may not.
    if (needles.every((n) => n !== "" && (asJson || SAFE.test(n)))) groups.push(needles);
  };
  addGroup(filter.operations);
  addGroup(filter.users);
  addGroup(filter.clientIps?.map(normalizeIp));
  addGroup(filter.workloads);
  addGroup(filter.resultStatus);
  addGroup(
    filter.recordTypes?.flatMap((n) => [`"recordtype":${n}`, `"recordtype":"${n}"`]),
    true,
  );
  if (filter.contains?.trim()) addGroup([filter.contains.trim()]);
  if (groups.length === 0) return undefined;
  return (text) => groups.every((needles) => needles.some((n) => text.includes(n)));
}
