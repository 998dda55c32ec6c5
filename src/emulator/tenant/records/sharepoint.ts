// Audit.SharePoint records: SharePoint and OneDrive file operations (RecordType 6), sharing (14) and
// page views (4), with the field names of o365-api.md 1.9 (SharePoint base / file operations).
import type { Person, Site } from "../directory.js";
import { OFFICE_IPS } from "../directory.js";
import type { Rng } from "../random.js";
import {
  type AuditRecord,
  baseRecord,
  type RecordContext,
  type RecordGenerator,
  UserType,
  usualIp,
} from "./common.js";

export interface FileOpInput {
  person: Person;
  time: Date;
  clientIp: string;
  operation: string;
  site: Site;
  /** OneDrive (personal site) or SharePoint. */
  workload: "SharePoint" | "OneDrive";
  fileName: string;
  userAgent: string;
}

function relativeUrl(workload: string): string {
  return workload === "OneDrive" ? "Documents" : "Shared Documents";
}

/** A file operation (FileAccessed, FileDownloaded, FileModified...): RecordType 6. */
export function fileOperation(rng: Rng, ctx: RecordContext, input: FileOpInput): AuditRecord {
  const { person, site } = input;
  const siteUrl = `${site.url}/`;
  const relative = relativeUrl(input.workload);
  const dot = input.fileName.lastIndexOf(".");
  return {
    ...baseRecord(rng, ctx, {
      time: input.time,
      recordType: 6,
      operation: input.operation,
      workload: input.workload,
      userId: person.upn,
      userKey: `i:0h.f|membership|${person.puid.toLowerCase()}@live.com`,
      userType: UserType.Regular,
      clientIp: input.clientIp,
      objectId: `${siteUrl}${relative}/${input.fileName}`,
    }),
    CorrelationId: rng.guid(),
    EventSource: "SharePoint",
    ItemType: "File",
    ListId: site.listId,
    ListItemUniqueId: rng.guid(),
    Site: site.siteId,
    UserAgent: input.userAgent,
    WebId: site.webId,
    GeoLocation: "NAM",
    IsManagedDevice: false,
    Platform: "WinDesktop",
    SiteUrl: siteUrl,
    SourceFileExtension: dot >= 0 ? input.fileName.slice(dot + 1) : "",
    SourceFileName: input.fileName,
    SourceRelativeUrl: relative,
  };
}

function sharingSet(rng: Rng, ctx: RecordContext, person: Person, time: Date, site: Site): AuditRecord {
  const workload = site.url === person.oneDriveUrl ? "OneDrive" : "SharePoint";
  const file = rng.pick(site.files);
  const other = rng.pick(ctx.dir.people);
  return {
    ...fileOperation(rng, ctx, {
      person,
      time,
      clientIp: usualIp(rng, person, OFFICE_IPS),
      operation: "SharingSet",
      site,
      workload,
      fileName: file,
      userAgent: person.device.userAgent,
    }),
    RecordType: 14,
    TargetUserOrGroupName: other.upn,
    TargetUserOrGroupType: "Member",
    EventData: "<PermissionsLevelGranted>Contribute</PermissionsLevelGranted>",
  };
}

function pageViewed(rng: Rng, ctx: RecordContext, person: Person, time: Date, site: Site): AuditRecord {
  return {
    ...baseRecord(rng, ctx, {
      time,
      recordType: 4,
      operation: "PageViewed",
      workload: "SharePoint",
      userId: person.upn,
      userKey: `i:0h.f|membership|${person.puid.toLowerCase()}@live.com`,
      userType: UserType.Regular,
      clientIp: usualIp(rng, person, OFFICE_IPS),
      objectId: `${site.url}/SitePages/Home.aspx`,
    }),
    CorrelationId: rng.guid(),
    EventSource: "SharePoint",
    ItemType: "Page",
    Site: site.siteId,
    UserAgent: person.device.userAgent,
    WebId: site.webId,
  };
}

export const sharePointRecord: RecordGenerator = (rng, time, ctx) => {
  const person = rng.pick(ctx.dir.people);
  const personal = rng.chance(0.4);
  const site = personal ? ctx.dir.oneDrives.get(person.upn)! : rng.pick(ctx.dir.sites);
  const kind = rng.weighted([
    ["FileAccessed", 45],
    ["FileModified", 15],
    ["FileDownloaded", 12],
    ["FileUploaded", 6],
    ["FilePreviewed", 8],
    ["SharingSet", 4],
    ["PageViewed", 10],
  ] as const);
  if (kind === "SharingSet") return sharingSet(rng, ctx, person, time, site);
  if (kind === "PageViewed") return pageViewed(rng, ctx, person, time, rng.pick(ctx.dir.sites));
  return fileOperation(rng, ctx, {
    person,
    time,
    clientIp: usualIp(rng, person, OFFICE_IPS),
    operation: kind,
    site,
    workload: personal ? "OneDrive" : "SharePoint",
    fileName: rng.pick(site.files),
    userAgent: person.device.userAgent,
  });
};
