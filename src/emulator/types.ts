// Public contract of the local tenant emulator. Test and bench code use only this surface.
// The emulator imports nothing from the client side (src/http, src/auth, src/management, src/messagetrace).
import type { FaultRoute, FaultRule } from "./faults/rule.js";

export interface EmulatorOptions {
  /** Seed of the synthetic tenant (default 42): same seed, same tenant. */
  seed?: number;
  /** The emulator's "now" (default: real time). A function so tests can move time. */
  now?: () => Date;
  /**
   * End of the generated history (default: now at start). Ids and event times derive from it and the seed,
   * so two emulators with the same anchor hold the same tenant (--demo anchors at the UTC hour).
   */
  historyEnd?: Date;
  /** Port to listen on (default 0 = any free port), always on 127.0.0.1. */
  port?: number;
  /** Days of audit history to generate (default 8, so some content is already expired). */
  days?: number;
  /** Scale knobs (benchmarks). */
  blobsPerHour?: number;
  recordsPerBlob?: number;
  /** Approximate bytes of one record (padding added to reach it). */
  recordBytes?: number;
  /** Added latency on every API request, ms. */
  latencyMs?: number;
  /** Page size of /subscriptions/content and /notifications (NextPageUri beyond it). Default 200. */
  contentPageSize?: number;
  /** Enforce the 2,000 requests/minute tenant throttle (AF429 on HTTP 403). Default true. */
  managementThrottlePerMinute?: number;
  /** Graph message trace throttle per 5 minutes (default 100). */
  graphThrottlePer5Min?: number;
  /** Content types subscribed at start (default: all five). */
  subscribed?: string[];
  /** Tenant switches. */
  graphServicePrincipalProvisioned?: boolean; // default true
  legacyReportingAvailable?: boolean; // default true; false = "new tenant" deprecated answer
  /** Accept windows over 24 h on /content (the docs' "partial results" reading). Default false (AF20030). */
  allowLongWindows?: boolean;
  /**
   * Bytes of blob bodies kept after they were built (default 0 = rebuild on every GET). Benchmarks turn it on
   * so the emulator's JSON generation does not compete for CPU with the client it measures.
   */
  bodyCacheBytes?: number;
  /**
   * Some records reach the feed hours or days late, as the real one does (o365-api.md 1.6). Default true;
   * false keeps every lag within 20-90 minutes.
   */
  longTailLag?: boolean;
  /**
   * NextPageUri in the undocumented form seen in the wild: lower-case parameter names and no
   * PublisherIdentifier (o365-api.md 1.5.5). Default false.
   */
  lowerCaseNextPageUri?: boolean;
  /**
   * Let webhook validation reach hosts off this machine (default false): the emulator sends nothing beyond
   * loopback unless told to, and fails such a start with AF20021 saying why.
   */
  allowExternalWebhooks?: boolean;
  /**
   * What the 15-minute subscription start wait counts (o365-api.md 1.5.1, scope UNCONFIRMED): "tenant"
   * (default, the stricter reading: any start waits for the last one) or "contentType".
   */
  startThrottleScope?: "tenant" | "contentType";
  /** After a stop then start, /content keeps answering AF20023 this long (default 10 min; 0 = off; 1.5.3). */
  restartLingerMs?: number;
  /**
   * Unified audit logging on (default true). Off, subscriptions/start answers the "Tenant ... does not exist"
   * onboarding error real tenants return (o365-api.md 1.7).
   */
  auditLoggingEnabled?: boolean;
  /**
   * Purview audit search (audit-search-api.md). Days of history the tenant holds for it (default 30: the
   * foothold is 21 days back, and a 30-day query stays cheap; 180 works, lazily, at ~6x the query cost).
   * Records older than the feed's `days` exist only there.
   */
  auditHistoryDays?: number;
  /** Audit (Standard) retention, days (default 180, 4.4): a query window older than it is clipped. */
  auditRetentionDays?: number;
  /** How long a query takes from create to a terminal status, ms (default 30 s; tests 100-300 ms, 2.2). */
  auditQueryRunningMs?: number;
  /** Records per query before isRecordCountLimitExceeded (default 1,000,000, 2.5). */
  auditRecordCountLimit?: number;
  /** Query submissions per rolling 24 h (default 200) and queued-or-running queries (default 50), 4.6. */
  auditQueriesPer24h?: number;
  auditConcurrentQueries?: number;
  /** v1.0 serves the API (default true); false answers 404 UnknownError as observed 2026-07-16 (1.6). */
  auditV1Available?: boolean;
  /** The Sept-2026 read-only limit properties on the query entity (default true, 1.2). */
  auditLimitProperties?: boolean;
  /** Extra app registrations beyond the default one. */
  quiet?: boolean;
}

/** Audit search test switches (handle.control.configureAuditSearch, POST /_emulator/audit-search). */
export interface AuditSearchControl {
  /** false: every /v1.0/security/auditLog/... request answers 404 UnknownError (audit-search-api.md 1.6). */
  v1Available?: boolean;
  /** Running time of queries created from now on, ms. */
  runningMs?: number;
  /** Record-count limit of queries created from now on (2.5). */
  recordCountLimit?: number;
  queriesPer24h?: number;
  concurrentQueries?: number;
  /** The next N created queries end failed / cancelled. */
  failNext?: number;
  cancelNext?: number;
  /** The next N creates answer 429 with Retry-After retryAfterSeconds (default 2; null: no header). */
  throttleNext?: number;
  retryAfterSeconds?: number | null;
}

// Fault rules are inferred from their schema, whose kinds are the rows of the fault-kind table.
export type { FaultKind, FaultRoute, FaultRule } from "./faults/rule.js";

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  route: string;
  status: number;
  time: string;
}

export interface EmulatorControl {
  addFault(rule: FaultRule): void;
  clearFaults(): void;
  setLatency(ms: number, route?: FaultRoute): void;
  /** Disable a subscription as an admin would (AF20023 afterwards). */
  disableSubscription(contentType: string): void;
  /** Expire every blob created before this time (AF20051 afterwards). */
  expireContentBefore(time: Date): void;
  /** Revoke every refresh token (AADSTS50173 / invalid_grant). */
  revokeRefreshTokens(): void;
  /** Every request the emulator served, in order (for asserting what the client sent). */
  requests(): RecordedRequest[];
  clearRequests(): void;
  /**
   * Audit search switches (audit-search-api.md 6): v1.0 availability, running time, record-count limit and
   * quotas for the next queries; failed / cancelled outcomes and 429s armed for the next creates.
   */
  configureAuditSearch(control: AuditSearchControl): void;
  /** Reset faults, latency, subscriptions, audit queries and counters to the start state. */
  reset(): void;
}

export interface EmulatorCredentials {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** A second app in the same tenant that has a certificate credential: PEM with certificate + private key. */
  certClientId: string;
  certPem: string;
  /** A valid refresh token (delegated, MFA-style account) for the refresh-token grant. */
  refreshToken: string;
  /** An app that has no roles granted (AF10001 / 403 No permission). */
  noRoleClientId: string;
  noRoleClientSecret: string;
  /** An app granted ActivityFeed.Read but not ActivityFeed.ReadDlp (DLP.All answers AF10001). */
  noDlpClientId: string;
  noDlpClientSecret: string;
  /** Graph app with ExchangeMessageTrace.Read.All only: the audit search answers 403 (4.8). */
  noAuditQueryClientId: string;
  noAuditQueryClientSecret: string;
  /** Graph app with the legacy AuditLog.Read.All only: queries succeed with 0 records (4.2). */
  auditLogReadOnlyClientId: string;
  auditLogReadOnlyClientSecret: string;
  /** Graph app with AuditLogsQuery-Entra.Read.All only: sees Entra (AzureActiveDirectory) records only (4.2). */
  entraAuditQueryClientId: string;
  entraAuditQueryClientSecret: string;
}

// Four HTTPS listeners on 127.0.0.1, one per service. A service accepts tokens for Microsoft's resource
// identifier (https://manage.office.com, https://graph.microsoft.com, and for the Reporting Web Service
// Exchange's https://outlook.office365.com) or for its own origin: the scope is "{resource}/.default".
export interface EmulatorHandle extends EmulatorCredentials {
  /** Entra stand-in origin, e.g. https://127.0.0.1:41234 (authority = {loginUrl}/{tenantId}). */
  loginUrl: string;
  tokenUrl: string; // {loginUrl}/{tenantId}/oauth2/v2.0/token
  managementUrl: string; // origin; API root is {managementUrl}/api/v1.0/{tenantId}/activity/feed
  graphUrl: string; // origin; /v1.0/admin/exchange/tracing/messageTraces
  reportingUrl: string; // origin; /ecp/reportingwebservice/reporting.svc/MessageTrace
  /** PEM of the CA that signed the server certificate; clients trust it with a CA option. */
  caCertPem: string;
  caCertFile: string;
  /** Facts of the built-in incident, for tests and the README's demo section. */
  incident: IncidentFacts;
  control: EmulatorControl;
  /** A server certificate signed by the emulator CA (for test webhook listeners the emulator must trust). */
  issueCertificate(hosts: string[]): Promise<{ certPem: string; keyPem: string }>;
  close(): Promise<void>;
}

export interface IncidentFacts {
  attackerSender: string; // e.g. billing@evil.example
  phishSubject: string;
  phishMessageId: string;
  deliveredRecipients: string[];
  quarantinedRecipients: string[];
  spamFilteredRecipients: string[];
  compromisedUser: string;
  attackerIp: string;
  /** ISO times of the key events. */
  phishReceived: string;
  /** The attacker's failed sign-in (UserLoginFailed, a wrong password) just before the successful one. */
  failedSignIn: string;
  foreignSignIn: string;
  /** When the blob holding the foreign sign-in became available: hours after the event (o365-api.md 1.6). */
  foreignSignInAvailable: string;
  inboxRuleCreated: string;
  inboxRuleName: string;
  mailItemsAccessed: string;
  fileDownloaded: string;
  downloadedFileName: string;
  /**
   * The first foothold, 21 days before now (older than the feed's 7 days: only the audit search finds it):
   * the compromised user's successful sign-in (UserLoggedIn) from attackerIp...
   */
  footholdSignIn: string;
  /** ...then their "Consent to application." (RecordType 8) for consentAppName, a few minutes later. */
  consentGranted: string;
  consentAppName: string; // "Invoice Viewer"
  /** The consented app's application (client) id, as in the consent record's Target and ModifiedProperties. */
  consentAppId: string;
  /** The victim's session (DeviceProperties SessionId) that the attacker's sign-in reuses from their IP. */
  reusedSessionId?: string;
  /** Benign records that look like the incident and must not be flagged (tenant/lookalikes.ts). */
  lookalikes?: LookalikeFacts;
}

export interface LookalikeFacts {
  /** A rule named "Move newsletters" filing mail in an internal folder. */
  newsletterRule: { user: string; ruleName: string; recordId: string };
  /** A rule forwarding to a colleague inside the tenant. */
  internalForward: { user: string; ruleName: string; to: string; recordId: string };
  /** An administrator's consent to a Microsoft first-party app. */
  firstPartyConsent: { admin: string; appId: string; appName: string; recordId: string };
  /** A user signing in from abroad: one session per IP, no session reused across IPs. */
  traveller: { user: string; ip: string; recordIds: string[] };
}
