// The emulated Entra directory: app registrations, the delegated user, the token-signing key and the refresh
// tokens issued so far. Ids derive from the seed so the same seed gives the same tenant and apps.
import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  X509Certificate,
} from "node:crypto";
import { base64url } from "../jwt.js";

/** Application permissions per resource (the audience origin keys are filled in by the server). */
export type ResourceName = "management" | "graph" | "reporting";

export const RESOURCE_PERMISSIONS: Record<ResourceName, string[]> = {
  management: ["ActivityFeed.Read", "ActivityFeed.ReadDlp"],
  // AuditLogsQuery.Read.All: the Purview audit search (audit-search-api.md 4.1).
  graph: ["ExchangeMessageTrace.Read.All", "AuditLogsQuery.Read.All"],
  reporting: ["ReportingWebService.Read.All"],
};

/** The permissions a token of `app` for `resource` carries. */
export function permissionsFor(app: AppRegistration, resource: ResourceName): string[] {
  if (!app.granted) return [];
  return app.grantedPermissions?.[resource] ?? RESOURCE_PERMISSIONS[resource];
}

/** Directory role template id of Global Reader (the legacy Reporting Web Service needs a directory role). */
export const GLOBAL_READER_ROLE_ID = "f2ef992c-3afb-46b9-b7cf-a126ee74c451";

export interface AppCertificate {
  certPem: string;
  publicKey: KeyObject;
  /** base64url SHA-1 and SHA-256 of the DER bytes, as in the assertion's x5t / x5t#S256 (o365-api.md 4.5). */
  x5t: string;
  x5tS256: string;
}

export interface AppRegistration {
  clientId: string;
  displayName: string;
  secret?: string;
  certificate?: AppCertificate;
  /** Granted application permissions (roles claim); empty for the no-role app. */
  granted: boolean;
  /** Overrides the granted permissions per resource (the ActivityFeed.Read-only app, o365-api.md 1.3). */
  grantedPermissions?: Partial<Record<ResourceName, string[]>>;
  wids: string[];
}

export interface DelegatedUser {
  oid: string;
  upn: string;
  name: string;
}

export interface RefreshGrant {
  clientId: string;
  user: DelegatedUser;
  /** When the original sign-in happened (AADSTS700082 text cites it). */
  grantIssuedAt: Date;
  lastUsedAt: Date;
  revoked: boolean;
}

export interface EntraDirectory {
  tenantId: string;
  apps: AppRegistration[];
  defaultApp: AppRegistration;
  certApp: AppRegistration;
  noRoleApp: AppRegistration;
  /** Granted ActivityFeed.Read only: DLP.All answers AF10001 (o365-api.md 1.3). */
  noDlpApp: AppRegistration;
  /** Audit search test apps (audit-search-api.md 4.1-4.2): no audit query permission, legacy only, Entra only. */
  noAuditQueryApp: AppRegistration;
  auditLogReadOnlyApp: AppRegistration;
  entraAuditQueryApp: AppRegistration;
  user: DelegatedUser;
  signingKey: KeyObject;
  verifyKey: KeyObject;
  keyId: string;
  refreshTokens: Map<string, RefreshGrant>;
  /** The refresh token handed out in the credentials (valid at start and after reset). */
  initialRefreshToken: string;
  findApp(clientId: string): AppRegistration | undefined;
  mintRefreshToken(grant: Omit<RefreshGrant, "revoked">): string;
  /** Back to the start state: only the initial refresh token, not revoked. */
  resetRefreshTokens(now: Date): void;
}

/** A GUID derived from the seed and a label (stable across runs). */
export function seededGuid(seed: number, label: string): string {
  const h = createHash("sha256").update(`${seed}:${label}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function describeCertificate(certPem: string): AppCertificate {
  const x509 = new X509Certificate(certPem);
  return {
    certPem,
    publicKey: createPublicKey(certPem),
    x5t: base64url(createHash("sha1").update(x509.raw).digest()),
    x5tS256: base64url(createHash("sha256").update(x509.raw).digest()),
  };
}

export interface DirectoryInput {
  seed: number;
  tenantId: string;
  certPem: string;
  user: DelegatedUser;
  now: Date;
}

export function createDirectory(input: DirectoryInput): EntraDirectory {
  const { seed, tenantId } = input;
  const defaultApp: AppRegistration = {
    clientId: seededGuid(seed, "app:default"),
    displayName: "office365-mcp (emulator)",
    secret: `emu~${randomBytes(24).toString("base64url")}`,
    granted: true,
    wids: [GLOBAL_READER_ROLE_ID],
  };
  const certApp: AppRegistration = {
    clientId: seededGuid(seed, "app:certificate"),
    displayName: "office365-mcp certificate (emulator)",
    certificate: describeCertificate(input.certPem),
    granted: true,
    wids: [GLOBAL_READER_ROLE_ID],
  };
  const noRoleApp: AppRegistration = {
    clientId: seededGuid(seed, "app:no-role"),
    displayName: "no permissions (emulator)",
    secret: `emu~${randomBytes(24).toString("base64url")}`,
    granted: false,
    wids: [],
  };
  const noDlpApp: AppRegistration = {
    clientId: seededGuid(seed, "app:no-dlp"),
    displayName: "ActivityFeed.Read only (emulator)",
    secret: `emu~${randomBytes(24).toString("base64url")}`,
    granted: true,
    grantedPermissions: { management: ["ActivityFeed.Read"] },
    wids: [GLOBAL_READER_ROLE_ID],
  };
  const graphOnly = (label: string, displayName: string, graph: string[]): AppRegistration => ({
    clientId: seededGuid(seed, label),
    displayName,
    secret: `emu~${randomBytes(24).toString("base64url")}`,
    granted: true,
    grantedPermissions: { graph },
    wids: [GLOBAL_READER_ROLE_ID],
  });
  const noAuditQueryApp = graphOnly("app:no-audit-query", "message trace only (emulator)", [
    "ExchangeMessageTrace.Read.All",
  ]);
  const auditLogReadOnlyApp = graphOnly("app:auditlog-read", "AuditLog.Read.All only (emulator)", [
    "AuditLog.Read.All",
  ]);
  const entraAuditQueryApp = graphOnly("app:audit-query-entra", "AuditLogsQuery-Entra only (emulator)", [
    "AuditLogsQuery-Entra.Read.All",
  ]);
  const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const apps = [
    defaultApp,
    certApp,
    noRoleApp,
    noDlpApp,
    noAuditQueryApp,
    auditLogReadOnlyApp,
    entraAuditQueryApp,
  ];
  const refreshTokens = new Map<string, RefreshGrant>();
  const mintRefreshToken = (grant: Omit<RefreshGrant, "revoked">): string => {
    const token = `1.emu.${randomBytes(48).toString("base64url")}`;
    refreshTokens.set(token, { ...grant, revoked: false });
    return token;
  };
  const initialRefreshToken = mintRefreshToken({
    clientId: defaultApp.clientId,
    user: input.user,
    grantIssuedAt: input.now,
    lastUsedAt: input.now,
  });
  const initialGrant = { ...(refreshTokens.get(initialRefreshToken) as RefreshGrant) };
  return {
    tenantId,
    apps,
    defaultApp,
    certApp,
    noRoleApp,
    noDlpApp,
    noAuditQueryApp,
    auditLogReadOnlyApp,
    entraAuditQueryApp,
    user: input.user,
    signingKey: privateKey,
    verifyKey: publicKey,
    keyId: base64url(
      createHash("sha256")
        .update(publicKey.export({ type: "spki", format: "der" }))
        .digest(),
    ).slice(0, 27),
    refreshTokens,
    initialRefreshToken,
    findApp: (clientId) => apps.find((a) => a.clientId.toLowerCase() === clientId.toLowerCase()),
    mintRefreshToken,
    resetRefreshTokens(now) {
      refreshTokens.clear();
      refreshTokens.set(initialRefreshToken, { ...initialGrant, grantIssuedAt: now, lastUsedAt: now });
    },
  };
}
