// Fields every audit record carries (o365-api.md 1.9, common schema) and the per-content-type
// generator signature.
import type { Directory, Person } from "../directory.js";
import type { Rng } from "../random.js";

export type AuditRecord = Record<string, unknown>;

export interface RecordContext {
  orgId: string;
  dir: Directory;
}

/** Builds one random, realistic record of a content type happening at `time`. */
export type RecordGenerator = (rng: Rng, time: Date, ctx: RecordContext) => AuditRecord;

/** UserType enum (o365-api.md 1.9). */
export const UserType = { Regular: 0, Admin: 2, System: 4, Application: 5, ServicePrincipal: 6 } as const;

/** CreationTime as the service writes it: UTC, no fraction, no `Z` (o365-api.md 1.9). */
export function creationTime(time: Date): string {
  return time.toISOString().slice(0, 19);
}

export interface BaseFields {
  time: Date;
  recordType: number;
  operation: string;
  workload: string;
  userId: string;
  userKey: string;
  userType: number;
  clientIp: string | null;
  objectId?: string;
  resultStatus?: string;
}

export function baseRecord(rng: Rng, ctx: RecordContext, f: BaseFields): AuditRecord {
  const record: AuditRecord = {
    CreationTime: creationTime(f.time),
    Id: rng.guid(),
    Operation: f.operation,
    OrganizationId: ctx.orgId,
    RecordType: f.recordType,
    UserKey: f.userKey,
    UserType: f.userType,
    Version: 1,
    Workload: f.workload,
    ClientIP: f.clientIp,
    UserId: f.userId,
  };
  if (f.resultStatus !== undefined) record.ResultStatus = f.resultStatus;
  if (f.objectId !== undefined) record.ObjectId = f.objectId;
  return record;
}

/** Where a user usually connects from: the office most of the time, home otherwise. */
export function usualIp(rng: Rng, person: Person, officeIps: readonly string[]): string {
  return rng.chance(0.65) ? rng.pick(officeIps) : person.homeIp;
}

export function messageId(rng: Rng, domain: string): string {
  return `<${rng.hex(8).toUpperCase()}.${rng.hex(12).toUpperCase()}@${domain}>`;
}

export function exchangeServer(rng: Rng): string {
  return `AM${rng.int(0, 9)}PR0${rng.int(1, 9)}MB${rng.int(1000, 9999)}`;
}
