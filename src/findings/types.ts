// The shapes of the findings engine: a rule is data (what it reads, its parameters, how it detects, how
// it explains itself), a finding is what the tool returns. Rules live one per folder in rules/.
import type { SearchCoverage } from "../audit/types.js";
import type { AuditRecord } from "../management/types.js";
import type { UserIpProfile } from "./profile.js";

export const SEVERITIES = ["high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** MITRE ATT&CK (Enterprise, cloud) technique the pattern belongs to. */
export interface Mitre {
  id: string;
  name: string;
}

/** A concrete tool call to check the finding (arguments as JSON the model can send as is). */
export interface NextCall {
  tool: "search_audit_log" | "message_trace" | "build_timeline";
  args: Record<string, unknown>;
}

export type ParamValue = number | string | readonly string[];
export type RuleParams = Record<string, ParamValue>;

/** What a detector found: the evidence records and the concrete values its reason names. */
export interface Hit {
  records: AuditRecord[];
  /** Values for the reason and the next call: rule name, address, IP, counts. */
  values: Record<string, string | number>;
  /** Overrides the rule's severity (e.g. an MFA change right after a new-IP sign-in). */
  severity?: Severity;
}

/** What every rule may consult besides its own records. */
export interface RuleEnv {
  /** Domains treated as the tenant's own (lower case). */
  internalDomains: readonly string[];
  /** True when an address (user@domain or a bare domain) is inside internalDomains or a subdomain. */
  isInternal(address: string): boolean;
  /** Per-user IP history over everything the scan read. */
  profile: UserIpProfile;
}

export type Detector<P extends RuleParams> = (
  records: readonly AuditRecord[],
  params: P,
  env: RuleEnv,
) => Hit[];

export interface Rule<P extends RuleParams = RuleParams> {
  /** Stable id, kebab-case; also the folder name. */
  id: string;
  title: string;
  severity: Severity;
  mitre?: Mitre;
  /** Operations the rule reads (the engine asks the search for the union of these only). */
  operations: readonly string[];
  /** Thresholds and lists, with their defaults. */
  params: P;
  detect: Detector<P>;
  /** One sentence with the concrete values. */
  reason(hit: Hit, params: P): string;
  next(hit: Hit, params: P): NextCall;
}

/** Keeps a rule's parameter types while the list holds rules of different parameters. */
export function defineRule<P extends RuleParams>(rule: Rule<P>): Rule {
  return rule as unknown as Rule;
}

export interface EvidenceRef {
  id: string;
  time: string;
  operation: string;
  user?: string;
  ip?: string;
}

export interface Finding {
  ruleId: string;
  title: string;
  severity: Severity;
  /** When the pattern completed: the time of the latest evidence record (ISO-8601 UTC). */
  time: string;
  reason: string;
  evidence: EvidenceRef[];
  /** Evidence records in all, when more than the listed ones. */
  evidenceTotal?: number;
  mitre?: Mitre;
  next: NextCall;
}

/** One run of the rules over a question's window: what every page of find_suspicious_activity is cut from. */
export interface FindingsAnswer {
  /** At or above the question's minSeverity, in order. */
  findings: Finding[];
  internalDomains: string[];
  coverage: SearchCoverage;
  /** Records the rules' operations matched in the window, and how many of them the rules read. */
  totalMatches: number;
  evaluated: number;
}
