// The five content types of the Management Activity API (o365-api.md 1.3) and input normalization.
import { O365Error } from "../errors.js";
import { CONTENT_TYPES, type ContentType } from "./types.js";

export const CONTENT_TYPE_DESCRIPTIONS: Record<ContentType, string> = {
  "Audit.AzureActiveDirectory": "Entra ID (Azure AD) directory audit and sign-in events",
  "Audit.Exchange": "Exchange admin and mailbox audit events (inbox rules, MailItemsAccessed, ...)",
  "Audit.SharePoint": "SharePoint and OneDrive file, sharing and site events",
  "Audit.General": "Every other workload: Teams, Power BI, Copilot, Defender, Forms, ...",
  "DLP.All":
    "Data loss prevention events for all workloads (needs ActivityFeed.ReadDlp besides ActivityFeed.Read)",
};

const BY_LOWER = new Map<string, ContentType>(CONTENT_TYPES.map((ct) => [ct.toLowerCase(), ct]));

/** "audit.exchange" -> "Audit.Exchange"; the service documents exact casing only (o365-api.md 1.3). */
export function normalizeContentType(value: string): ContentType {
  const found = BY_LOWER.get(value.trim().toLowerCase());
  if (found) return found;
  throw new O365Error({
    api: "input",
    code: "INVALID_CONTENT_TYPE",
    message: `Unknown content type "${value.slice(0, 80)}".`,
    hint: `Use one of: ${CONTENT_TYPES.join(", ")}.`,
  });
}
