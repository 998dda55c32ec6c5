// The tenant's people and places: users with mailboxes, devices and home IPs, SharePoint sites and
// OneDrives. Built once per tenant from the seed (a few dozen objects, so cheap).

import { type Rng, rngFor } from "./random.js";
import type { EmuUser } from "./types.js";

export const TENANT_DOMAIN = "contoso-emu.onmicrosoft.com";
export const SHAREPOINT_ORIGIN = "https://contosoemu.sharepoint.com";
export const ONEDRIVE_ORIGIN = "https://contosoemu-my.sharepoint.com";
/** The office's egress IPs (TEST-NET-1, so nothing real). */
export const OFFICE_IPS = ["192.0.2.10", "192.0.2.11", "192.0.2.12"];

export interface Device {
  machineName: string;
  os: string;
  browser: string;
  userAgent: string;
  /** Exchange ClientInfoString of the user's usual mail client. */
  clientInfo: string;
}

/** A user with the details records need beyond the public EmuUser fields. */
export interface Person extends EmuUser {
  alias: string;
  mailboxGuid: string;
  sid: string;
  oneDriveUrl: string;
  department: string;
  device: Device;
}

export interface Site {
  name: string;
  url: string;
  siteId: string;
  webId: string;
  listId: string;
  files: string[];
}

export interface Directory {
  people: Person[];
  admins: Person[];
  sites: Site[];
  /** Site of each person's OneDrive, keyed by UPN. */
  oneDrives: Map<string, Site>;
}

const FIRST = [
  "Adele",
  "Alex",
  "Allan",
  "Bianca",
  "Brian",
  "Carla",
  "Christie",
  "Daniel",
  "Debra",
  "Diego",
  "Emily",
  "Enrico",
  "Farah",
  "Gerhart",
  "Grady",
  "Hana",
  "Irvin",
  "Isaiah",
  "Johanna",
  "Joni",
  "Kenji",
  "Lee",
  "Lidia",
  "Lynne",
  "Megan",
  "Miriam",
  "Nestor",
  "Nora",
  "Omar",
  "Patti",
  "Pradeep",
  "Priya",
  "Raul",
  "Sofia",
  "Tomas",
  "Yara",
];
const LAST = [
  "Vance",
  "Wilber",
  "Deyoung",
  "Pila",
  "Johnson",
  "Ruiz",
  "Cline",
  "Lopez",
  "Berg",
  "Soto",
  "Braun",
  "Rossi",
  "Haddad",
  "Meyer",
  "Archie",
  "Sato",
  "Bell",
  "Ito",
  "Lang",
  "Sherman",
  "Tanaka",
  "Gu",
  "Holloway",
  "Robbins",
  "Bowen",
  "Gruber",
  "Wilke",
  "Novak",
  "Farouk",
  "Fernandez",
  "Gupta",
  "Rao",
  "Diaz",
  "Moreau",
  "Kral",
  "Nasser",
];
const DEPARTMENTS = ["Finance", "Sales", "Engineering", "HR", "Legal", "Marketing", "Operations"];
const COUNTRIES = ["US", "US", "US", "GB", "DE", "FR", "CA"];
const DEVICES: ReadonlyArray<Omit<Device, "machineName">> = [
  {
    os: "Windows 10",
    browser: "Edge 120.0.0",
    userAgent:
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
    clientInfo: "Client=MSExchangeRPC",
  },
  {
    os: "MacOs",
    browser: "Safari 17.1",
    userAgent:
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
    clientInfo: "Client=REST;Client=RESTSystem;;",
  },
  {
    os: "Windows 10",
    browser: "Chrome 121.0.0",
    userAgent:
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36",
    clientInfo: "Client=OWA;Action=ViaProxy",
  },
  {
    os: "Ios",
    browser: "Mobile Safari 17.2",
    userAgent:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
    clientInfo: "Client=ActiveSync;UserAgent=Apple-iPhone15C2/2102.55",
  },
];
const SITE_NAMES = ["Finance", "HR", "Engineering", "Marketing", "Legal", "AllCompany", "Projects"];
const FILE_NAMES = [
  "Q3 Forecast.xlsx",
  "Budget 2027.xlsx",
  "Board deck.pptx",
  "Onboarding guide.docx",
  "Contract draft.docx",
  "Roadmap.pptx",
  "Salary bands.xlsx",
  "Vendor list.xlsx",
  "Meeting notes.docx",
  "Architecture.vsdx",
  "Invoice 4471.pdf",
  "Policy handbook.pdf",
];

export const USER_COUNT = 36;

function sidFor(rng: Rng): string {
  return `S-1-5-21-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}-${rng.int(1e9, 4e9)}-${rng.int(1000, 99999)}`;
}

function siteFiles(rng: Rng, count: number): string[] {
  const files = new Set<string>();
  while (files.size < count) files.add(rng.pick(FILE_NAMES));
  return [...files];
}

export function buildDirectory(seed: number): Directory {
  const rng = rngFor(seed, "directory");
  const people: Person[] = [];
  for (let i = 0; i < USER_COUNT; i++) {
    const first = FIRST[i % FIRST.length];
    const last = LAST[(i * 7 + (seed % 5)) % LAST.length];
    const alias = `${first}.${last}`.toLowerCase();
    const upn = `${alias}@${TENANT_DOMAIN}`;
    const base = DEVICES[rng.int(0, DEVICES.length - 1)];
    people.push({
      upn,
      displayName: `${first} ${last}`,
      objectId: rng.guid(),
      puid: `100320${rng.hex(10).toUpperCase()}`,
      // TEST-NET-2 home addresses: clearly synthetic, one per user.
      homeIp: `198.51.100.${20 + i}`,
      country: rng.pick(COUNTRIES),
      isAdmin: i < 3,
      alias,
      mailboxGuid: rng.guid(),
      sid: sidFor(rng),
      oneDriveUrl: `${ONEDRIVE_ORIGIN}/personal/${upn.replace(/[.@]/g, "_")}`,
      department: DEPARTMENTS[i % DEPARTMENTS.length],
      device: { ...base, machineName: `CONTOSO-${rng.hex(6).toUpperCase()}` },
    });
  }
  const sites: Site[] = SITE_NAMES.map((name) => ({
    name,
    url: `${SHAREPOINT_ORIGIN}/sites/${name}`,
    siteId: rng.guid(),
    webId: rng.guid(),
    listId: rng.guid(),
    files: siteFiles(rng, 5),
  }));
  const oneDrives = new Map<string, Site>();
  for (const person of people) {
    oneDrives.set(person.upn, {
      name: person.displayName,
      url: person.oneDriveUrl,
      siteId: rng.guid(),
      webId: rng.guid(),
      listId: rng.guid(),
      files: siteFiles(rng, 4),
    });
  }
  return { people, admins: people.filter((p) => p.isAdmin), sites, oneDrives };
}
