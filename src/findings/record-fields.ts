// Reading the fields rules look at, wherever each workload puts them (o365-api.md 1.9): cmdlet
// Parameters (Name/Value), UpdateInboxRules' OperationProperties, Entra's ExtendedProperties and
// ModifiedProperties, the client address and the acting user.
import { sessionIdOf } from "../audit/aggregate.js";
import { clientIpsOf, recordTime } from "../audit/filter.js";
import type { AuditRecord } from "../management/types.js";

export { recordTime, sessionIdOf };

/** Value of a Name/Value pair list (Parameters, OperationProperties, ExtendedProperties), by name, any case. */
export function pairValue(record: AuditRecord, list: string, name: string): string | undefined {
  const pairs = record[list];
  if (!Array.isArray(pairs)) return undefined;
  const lower = name.toLowerCase();
  for (const p of pairs) {
    if (p && typeof p === "object" && String((p as { Name?: unknown }).Name).toLowerCase() === lower) {
      const value = (p as { Value?: unknown }).Value;
      return value === undefined || value === null ? undefined : String(value);
    }
  }
  return undefined;
}

/** A cmdlet parameter (Exchange admin records, o365-api.md 1.9). */
export function param(record: AuditRecord, name: string): string | undefined {
  return pairValue(record, "Parameters", name);
}

/** ModifiedProperties entries (Entra directory audit): name and new value. */
export function modifiedProperties(record: AuditRecord): { name: string; newValue: string }[] {
  const list = record.ModifiedProperties;
  if (!Array.isArray(list)) return [];
  return list
    .filter((p): p is Record<string, unknown> => p !== null && typeof p === "object")
    .map((p) => ({ name: String(p.Name ?? ""), newValue: String(p.NewValue ?? "") }));
}

export function operationOf(record: AuditRecord): string {
  return typeof record.Operation === "string" ? record.Operation : "";
}

/** The acting user, lower case (UserId). */
export function userOf(record: AuditRecord): string {
  return typeof record.UserId === "string" ? record.UserId.toLowerCase() : "";
}

export function ipOf(record: AuditRecord): string | undefined {
  return clientIpsOf(record)[0];
}

/** "True"/"$true"/"1" as Exchange writes booleans in Parameters. */
export function isTrue(value: string | undefined): boolean {
  return value !== undefined && /^(\$?true|1)$/i.test(value.trim());
}

export function isFalse(value: string | undefined): boolean {
  return value !== undefined && /^(\$?false|0)$/i.test(value.trim());
}

/** Addresses in a parameter value: "a@x.com;b@y.com", "[a@x.com]", "smtp:a@x.com", `"Name" [SMTP:a@x]`. */
export function addressesIn(value: string | undefined): string[] {
  if (!value) return [];
  return [...value.matchAll(/[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g)].map((m) =>
    m[0].toLowerCase(),
  );
}

/** ISO-8601 UTC of a record's CreationTime. */
export function isoTime(record: AuditRecord): string {
  const t = recordTime(record);
  return Number.isNaN(t) ? String(record.CreationTime ?? "") : new Date(t).toISOString();
}
