// Audit RecordType numbers and names (o365-api.md 1.9, main values; the full table has ~200 entries).
// Shared by the audit projection and the o365://reference/record-types resource.

export interface RecordTypeInfo {
  value: number;
  name: string;
  /** Workload the record type usually comes from (the record's own Workload field wins). */
  workload: string;
}

export const RECORD_TYPES: readonly RecordTypeInfo[] = [
  { value: 1, name: "ExchangeAdmin", workload: "Exchange" },
  { value: 2, name: "ExchangeItem", workload: "Exchange" },
  { value: 3, name: "ExchangeItemGroup", workload: "Exchange" },
  { value: 4, name: "SharePoint", workload: "SharePoint" },
  { value: 6, name: "SharePointFileOperation", workload: "SharePoint" },
  { value: 7, name: "OneDrive", workload: "OneDrive" },
  { value: 8, name: "AzureActiveDirectory", workload: "AzureActiveDirectory" },
  { value: 9, name: "AzureActiveDirectoryAccountLogon", workload: "AzureActiveDirectory" },
  { value: 10, name: "DataCenterSecurityCmdlet", workload: "Exchange" },
  { value: 11, name: "ComplianceDLPSharePoint", workload: "SharePoint" },
  { value: 13, name: "ComplianceDLPExchange", workload: "Exchange" },
  { value: 14, name: "SharePointSharingOperation", workload: "SharePoint" },
  { value: 15, name: "AzureActiveDirectoryStsLogon", workload: "AzureActiveDirectory" },
  { value: 18, name: "SecurityComplianceCenterEOPCmdlet", workload: "SecurityComplianceCenter" },
  { value: 19, name: "ExchangeAggregatedOperation", workload: "Exchange" },
  { value: 20, name: "PowerBIAudit", workload: "PowerBI" },
  { value: 21, name: "CRM", workload: "CRM" },
  { value: 22, name: "Yammer", workload: "Yammer" },
  { value: 24, name: "Discovery", workload: "SecurityComplianceCenter" },
  { value: 25, name: "MicrosoftTeams", workload: "MicrosoftTeams" },
  { value: 28, name: "ThreatIntelligence", workload: "ThreatIntelligence" },
  { value: 30, name: "MicrosoftFlow", workload: "MicrosoftFlow" },
  { value: 36, name: "SharePointListOperation", workload: "SharePoint" },
  { value: 40, name: "SecurityComplianceAlerts", workload: "SecurityComplianceCenter" },
  { value: 47, name: "ThreatIntelligenceAtpContent", workload: "ThreatIntelligence" },
  { value: 50, name: "ExchangeItemAggregated", workload: "Exchange" },
  { value: 54, name: "SharePointListItemOperation", workload: "SharePoint" },
  { value: 63, name: "DLPEndpoint", workload: "Endpoint" },
  { value: 64, name: "AirInvestigation", workload: "ThreatIntelligence" },
  { value: 65, name: "Quarantine", workload: "Exchange" },
  { value: 66, name: "MicrosoftForms", workload: "MicrosoftForms" },
  { value: 78, name: "WDATPAlerts", workload: "MicrosoftDefenderForEndpoint" },
  { value: 83, name: "SensitivityLabelAction", workload: "SecurityComplianceCenter" },
  { value: 261, name: "CopilotInteraction", workload: "Copilot" },
  { value: 284, name: "AIAppInteraction", workload: "Copilot" },
  { value: 294, name: "AadRiskDetection", workload: "AzureActiveDirectory" },
];

const BY_VALUE = new Map(RECORD_TYPES.map((t) => [t.value, t]));
const BY_NAME = new Map(RECORD_TYPES.map((t) => [t.name.toLowerCase(), t]));

/** Name for a RecordType number; unknown numbers stay visible as "RecordType<n>". */
export function recordTypeName(value: unknown): string {
  if (typeof value !== "number") return String(value);
  return BY_VALUE.get(value)?.name ?? `RecordType${value}`;
}

/** Number for a name (case-insensitive) or numeric string; undefined when unknown. */
export function recordTypeValue(nameOrNumber: string): number | undefined {
  const text = nameOrNumber.trim();
  if (/^\d+$/.test(text)) return Number(text);
  return BY_NAME.get(text.toLowerCase())?.value;
}
