// Cloud presets: endpoint hosts and token scopes per cloud (o365-api.md 1.1, 2.1, 3.2, 4.1).
import type { Api, Cloud } from "./types.js";

export interface CloudPreset {
  /** Entra authority host root, e.g. https://login.microsoftonline.com */
  loginUrl: string;
  managementUrl: string;
  /** Graph message trace exists in the global service only (o365-api.md 3.2). */
  graphUrl?: string;
  reportingUrl?: string;
  scopes: Partial<Record<Api, string>>;
}

// The legacy Reporting Web Service takes tokens for Exchange Online, not for its own host (o365-api.md 2.2).
export const PRESETS: Record<Exclude<Cloud, "custom">, CloudPreset> = {
  commercial: {
    loginUrl: "https://login.microsoftonline.com",
    managementUrl: "https://manage.office.com",
    graphUrl: "https://graph.microsoft.com",
    reportingUrl: "https://reports.office365.com",
    scopes: {
      management: "https://manage.office.com/.default",
      graph: "https://graph.microsoft.com/.default",
      reporting: "https://outlook.office365.com/.default",
    },
  },
  // GCC tenants live in commercial Entra and use the commercial Graph and reporting hosts (OBSERVED).
  gcc: {
    loginUrl: "https://login.microsoftonline.com",
    managementUrl: "https://manage-gcc.office.com",
    graphUrl: "https://graph.microsoft.com",
    reportingUrl: "https://reports.office365.com",
    scopes: {
      management: "https://manage-gcc.office.com/.default",
      graph: "https://graph.microsoft.com/.default",
      reporting: "https://outlook.office365.com/.default",
    },
  },
  // No Graph message trace in US Gov L4/L5; the GCC High reporting host is UNCONFIRMED (o365-api.md 2.1).
  gcchigh: {
    loginUrl: "https://login.microsoftonline.us",
    managementUrl: "https://manage.office365.us",
    reportingUrl: "https://reports.office365.us",
    scopes: {
      management: "https://manage.office365.us/.default",
      reporting: "https://outlook.office365.us/.default",
    },
  },
  // DoD: no documented reporting host; set O365_REPORTING_URL explicitly if the tenant has one.
  dod: {
    loginUrl: "https://login.microsoftonline.us",
    managementUrl: "https://manage.protection.apps.mil",
    scopes: { management: "https://manage.protection.apps.mil/.default" },
  },
  // 21Vianet: management host UNCONFIRMED (o365-api.md 1.1); no Graph message trace, no known reporting host.
  china: {
    loginUrl: "https://login.partner.microsoftonline.cn",
    managementUrl: "https://manage.office365.cn",
    scopes: { management: "https://manage.office365.cn/.default" },
  },
};
