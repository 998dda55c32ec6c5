// Confidential client authentication at the token endpoint: a secret in the body or HTTP Basic, or a
// certificate client assertion (o365-api.md 4.2, 4.5).
import { timingSafeEqual } from "node:crypto";
import { decodeJwt, verifyJwtSignature } from "../jwt.js";
import type { AppRegistration, EntraDirectory } from "./directory.js";
import { AadstsError, missingParameter } from "./errors.js";

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

export interface ClientAuthInput {
  form: URLSearchParams;
  authorization: string | undefined;
  tokenUrl: string;
  /** The canonical token URL (tenant GUID); an assertion may name either. */
  alternateTokenUrl?: string;
  tenantId: string;
  now: Date;
}

/** Returns the authenticated app or throws the AADSTS error Entra gives for the failure. */
export function authenticateClient(dir: EntraDirectory, input: ClientAuthInput): AppRegistration {
  const basic = parseBasic(input.authorization);
  const clientId = input.form.get("client_id") ?? basic?.clientId;
  if (!clientId) throw missingParameter("client_id");
  const app = dir.findApp(clientId);
  if (!app) {
    throw new AadstsError(
      400,
      "unauthorized_client",
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${input.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
    );
  }
  const secret = input.form.get("client_secret") ?? basic?.secret;
  const assertion = input.form.get("client_assertion");
  if (assertion !== null) {
    if (input.form.get("client_assertion_type") !== ASSERTION_TYPE) {
      throw new AadstsError(
        400,
        "invalid_request",
        700021,
        "Client assertion application identifier doesn't match 'client_id' parameter or client_assertion_type is invalid.",
      );
    }
    verifyAssertion(app, assertion, input);
    return app;
  }
  if (secret === undefined || secret === null) {
    throw new AadstsError(
      400,
      "invalid_request",
      7000218,
      "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
    );
  }
  if (!app.secret || !sameText(secret, app.secret)) {
    throw new AadstsError(
      401,
      "invalid_client",
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
    );
  }
  return app;
}

function verifyAssertion(app: AppRegistration, assertion: string, input: ClientAuthInput): void {
  const fail = (why: string): AadstsError =>
    new AadstsError(401, "invalid_client", 700027, `Client assertion failed signature validation. ${why}`);
  const jwt = decodeJwt(assertion);
  if (!jwt) throw fail("The assertion is not a JWT.");
  const cert = app.certificate;
  if (!cert) throw fail(`No certificate credential is registered for app '${app.clientId}'.`);
  const { header, payload } = jwt;
  if (header.x5t !== undefined || header["x5t#S256"] !== undefined) {
    if (header["x5t#S256"] !== undefined && header["x5t#S256"] !== cert.x5tS256)
      throw fail("Key was not found (x5t#S256).");
    if (header.x5t !== undefined && header.x5t !== cert.x5t) throw fail("Key was not found (x5t).");
  } else {
    throw fail("The assertion header has no x5t or x5t#S256.");
  }
  if (!verifyJwtSignature(jwt, cert.publicKey, ["RS256", "PS256"]))
    throw fail("The signature does not verify.");
  if (payload.aud !== input.tokenUrl && payload.aud !== input.alternateTokenUrl)
    throw fail(`The audience must be '${input.tokenUrl}'.`);
  if (payload.iss !== app.clientId || payload.sub !== app.clientId)
    throw fail("iss and sub must be the client id.");
  const seconds = input.now.getTime() / 1000;
  const { exp, nbf } = payload;
  if (typeof exp !== "number" || seconds >= exp || (typeof nbf === "number" && seconds + 300 < nbf)) {
    throw new AadstsError(
      401,
      "invalid_client",
      700024,
      "Client assertion is not within its valid time range.",
    );
  }
}

function parseBasic(header: string | undefined): { clientId: string; secret: string } | undefined {
  const match = header ? /^Basic\s+(\S+)$/i.exec(header) : null;
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  // Basic credentials are form-urlencoded before base64 (RFC 6749 2.3.1).
  try {
    const clientId = decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " "));
    const secret = decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " "));
    return { clientId, secret };
  } catch {
    return undefined;
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
