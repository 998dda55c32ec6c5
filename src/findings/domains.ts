// Which mail domains are the tenant's own. The Management Activity API does not list accepted domains,
// so they are taken from the UPNs of the tenant's own accounts in the records read (UserType 0 regular,
// 2 admin; o365-api.md 1.9) plus the tenant's *.onmicrosoft.com; guests (#EXT#) never count. Every
// finding that judges an address "outside" names the domains it treated as internal.

import { numberOf } from "../audit/outcome.js";
import type { AuditRecord } from "../management/types.js";

const OWN_ACCOUNT_TYPES = new Set([0, 2]);

export function internalDomainsOf(records: readonly AuditRecord[]): string[] {
  const domains = new Set<string>();
  for (const record of records) {
    if (!OWN_ACCOUNT_TYPES.has(numberOf(record.UserType))) continue;
    for (const field of ["UserId", "MailboxOwnerUPN"]) {
      const value = record[field];
      if (typeof value !== "string" || value.includes("#EXT#")) continue;
      const at = value.lastIndexOf("@");
      if (at > 0) domains.add(value.slice(at + 1).toLowerCase());
    }
  }
  return [...domains].sort();
}

/** user@domain or a bare domain, inside one of the domains or a subdomain of one. */
export function isInternalAddress(address: string, domains: readonly string[]): boolean {
  const lower = address.trim().toLowerCase();
  const domain = lower.includes("@") ? lower.slice(lower.lastIndexOf("@") + 1) : lower;
  return domains.some((d) => domain === d || domain.endsWith(`.${d}`));
}
