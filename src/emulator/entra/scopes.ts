// Scope rules of the emulated token endpoint. A scope is `{resource}/{permission}` where the resource is
// Microsoft's identifier or the emulator's origin of the service (resources.ts, o365-api.md 4.2): client
// credentials take exactly one `{resource}/.default`; the refresh grant takes resource scopes plus OIDC ones.
import type { EmuOrigins } from "../routing.js";
import { RESOURCE_PERMISSIONS, type ResourceName } from "./directory.js";
import { AadstsError } from "./errors.js";
import { audiencesOf, RESOURCE_NAMES } from "./resources.js";

export const OIDC_SCOPES = new Set(["openid", "profile", "offline_access", "email"]);

export interface ResourceScope {
  resource: ResourceName;
  /** The resource identifier as requested: the token's audience. */
  origin: string;
  /** ".default" or a named permission. */
  permission: string;
}

const invalidScope = (scope: string): AadstsError =>
  new AadstsError(
    400,
    "invalid_scope",
    70011,
    `The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope ${scope} is not valid.`,
  );

export function parseResourceScope(scope: string, origins: EmuOrigins): ResourceScope | undefined {
  for (const resource of RESOURCE_NAMES) {
    for (const origin of audiencesOf(resource, origins)) {
      if (scope.startsWith(`${origin}/`))
        return { resource, origin, permission: scope.slice(origin.length + 1) };
    }
  }
  return undefined;
}

/** Client credentials: one resource, `/.default` only (AADSTS1002012 for a named scope, 70011 otherwise). */
export function clientCredentialsResource(scopeParam: string, origins: EmuOrigins): ResourceScope {
  const scopes = scopeParam.split(" ").filter(Boolean);
  const parsed = scopes.map((s) => ({ s, r: parseResourceScope(s, origins) }));
  for (const { s, r } of parsed) {
    if (!r) throw invalidScope(s);
    if (r.permission !== ".default") {
      throw new AadstsError(
        400,
        "invalid_scope",
        1002012,
        `The provided value for scope ${s} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
  }
  const resources = new Set(parsed.map((p) => p.r?.resource));
  if (parsed.length === 0 || resources.size !== 1) throw invalidScope(scopeParam);
  return parsed[0].r as ResourceScope;
}

export interface DelegatedScopes {
  resource: ResourceScope;
  oidc: string[];
  /** The valid requested scopes, echoed in the response's `scope`. */
  granted: string[];
}

/** Refresh grant: the first resource scope picks the token's audience (o365-api.md 4.3); default management. */
export function delegatedScopes(scopeParam: string | null, origins: EmuOrigins): DelegatedScopes {
  const scopes = (scopeParam ?? "").split(" ").filter(Boolean);
  const oidc: string[] = [];
  const resourceScopes: ResourceScope[] = [];
  for (const s of scopes) {
    if (OIDC_SCOPES.has(s)) {
      oidc.push(s);
      continue;
    }
    const r = parseResourceScope(s, origins);
    if (!r || (r.permission !== ".default" && !RESOURCE_PERMISSIONS[r.resource].includes(r.permission))) {
      throw invalidScope(s);
    }
    resourceScopes.push(r);
  }
  const resource = resourceScopes[0] ?? {
    resource: "management",
    origin: origins.management,
    permission: ".default",
  };
  const granted = scopes.filter(
    (s) => OIDC_SCOPES.has(s) || parseResourceScope(s, origins)?.resource === resource.resource,
  );
  if (resourceScopes.length === 0) granted.unshift(`${resource.origin}/.default`);
  return { resource, oidc, granted };
}
